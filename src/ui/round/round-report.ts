import type { EvalSummary } from '../../data/evals';
import { roundItemsOf, type RoundRunRecord } from '../../data/round-records';
import { downloadBlob } from '../common/download';

/** The report as `selfalign round --json` prints it (method, per round pairs, counts, loss, adapted eval and deltas; the base eval), with the run's settings. */
export function roundReport(run: RoundRunRecord, base: EvalSummary, rounds: EvalSummary[]) {
  return {
    method: run.method.method,
    model: run.modelId,
    settings: {
      method: run.method,
      items: roundItemsOf(run),
      n: run.n,
      review: run.review,
      training: run.training,
      evalN: run.evalN,
    },
    rounds: rounds.map((adapted, i) => {
      const step = run.steps[i]!;
      return {
        pairs: step.pairs?.length ?? 0,
        counts: step.counts,
        loss: run.training.loss,
        logs: step.logs,
        adapted,
        delta: step.compared?.delta,
        changed: step.compared?.changed,
      };
    }),
    base,
  };
}

/** The chart's SVG drawn onto a canvas, as PNG bytes. */
export async function chartPng(svg: SVGSVGElement): Promise<Blob> {
  const { width, height } = svg.viewBox.baseVal;
  const text = new XMLSerializer().serializeToString(svg);
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = width * 2;
  canvas.height = height * 2;
  const context = canvas.getContext('2d')!;
  context.scale(2, 2);
  context.drawImage(image, 0, 0, width, height);
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('The chart could not be drawn as a PNG.'))),
      'image/png',
    ),
  );
}

/** Downloads the report's JSON and, when the chart is shown, the chart as PNG. */
export async function exportRoundReport(
  run: RoundRunRecord,
  base: EvalSummary,
  rounds: EvalSummary[],
  svg: SVGSVGElement | null,
): Promise<void> {
  const name = `round-${run.method.method}-${run.modelId.replace(/\//g, '--')}-${new Date(run.createdAt).toISOString().slice(0, 19).replace(/:/g, '')}`;
  const json = JSON.stringify(roundReport(run, base, rounds), null, 2);
  downloadBlob(new Blob([json], { type: 'application/json' }), `${name}.json`);
  if (svg) downloadBlob(await chartPng(svg), `${name}.png`);
}
