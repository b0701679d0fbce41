// Export time for 5,000 reviewed pairs on 5,000 distinct shapes-world scenes. End to end, every
// image is rendered and PNG-encoded as part of the export, as in real use; that dominates, so the
// images and the rows + file writing of each format are also timed apart.
import {
  datasetRows,
  EXPORT_COLUMNS,
  EXPORT_FORMATS,
  exportDataset,
  imageBytes,
  jsonlBytes,
  parquetBytes,
  planImages,
  selectPairs,
  zipExport,
  type ExportFormat,
} from '../src/data/export';
import type { PairEvidence, PairRecord } from '../src/data/pairs/pair-records';
import { createRng, describeObjects, describeScene, DESCRIBE_PROMPT, injectError, sampleScene } from '../src/world';

export interface ExportSpeed {
  /** end-to-end: pairs → files; images: rendering and encoding the scenes; rows: rows + the data file, images ready; zip: packing the files. */
  stage: 'end-to-end' | 'images' | 'rows' | 'zip';
  format: ExportFormat | null;
  parquet: boolean;
  pairs: number;
  ms: number;
  bytes: number;
}

/** Pairs as SIMA makes them (critic text, verdict), 2/3 accepted and 1/3 swapped by an annotator. */
function benchPairs(n: number): PairRecord[] {
  const rng = createRng(7);
  return Array.from({ length: n }, (_, index) => {
    const scene = sampleScene('train', 11, index);
    const chosen = describeScene(scene);
    const rejected = describeObjects(injectError(scene.objects, 'object', rng).objects);
    const evidence = {
      method: 'sima',
      greedy: rejected,
      sampled: chosen,
      critic: 'Response 1 names only objects in the image. [[1]]',
      verdict: 1,
      criteria: ['objects'],
    } as PairEvidence;
    return {
      id: `sima-train-11-${index}-s1`,
      method: 'sima',
      model: 'shapes-vlm',
      item: scene.id,
      prompt: DESCRIBE_PROMPT,
      image: { scene: { split: 'train', seed: 11, index } },
      chosen,
      rejected,
      evidence,
      review: { status: index % 3 === 2 ? 'swapped' : 'accepted', decidedAt: 1_700_000_000_000 + index },
    };
  });
}

async function timed<T>(work: () => T | Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started };
}

const END_TO_END: { format: ExportFormat; parquet: boolean }[] = [
  { format: 'trl', parquet: false },
  { format: 'llama-factory', parquet: false },
  { format: 'rlaif-v', parquet: true },
];

export async function benchExport(n = 5000): Promise<ExportSpeed[]> {
  const pairs = benchPairs(n);
  for (const { format, parquet } of END_TO_END) await exportDataset(pairs.slice(0, 50), { format, parquet }); // warm-up
  const results: ExportSpeed[] = [];
  const line = (
    stage: ExportSpeed['stage'],
    format: ExportFormat | null,
    parquet: boolean,
    ms: number,
    bytes: number,
  ) => results.push({ stage, format, parquet, pairs: n, ms, bytes });

  const selected = selectPairs(pairs);
  const plan = planImages(selected.map(({ pair }) => pair));
  const images = await timed(() => imageBytes(plan.images, undefined));
  line(
    'images',
    null,
    false,
    images.ms,
    images.result.reduce((sum, bytes) => sum + bytes.length, 0),
  );
  const bytesOf = new Map(plan.images.map((image, i) => [image.path, images.result[i]!]));
  for (const format of EXPORT_FORMATS) {
    const jsonl = await timed(() =>
      jsonlBytes(
        datasetRows(format, selected, (pair) => ({ path: plan.pathOf(pair.image), value: plan.pathOf(pair.image) })),
      ),
    );
    line('rows', format, false, jsonl.ms, jsonl.result.length);
    const parquet = await timed(() => {
      const rows = datasetRows(format, selected, (pair) => ({
        path: plan.pathOf(pair.image),
        value: { bytes: bytesOf.get(plan.pathOf(pair.image))!, path: plan.pathOf(pair.image) },
      }));
      return parquetBytes(EXPORT_COLUMNS[format], rows);
    });
    line('rows', format, true, parquet.ms, parquet.result.length);
  }

  for (const { format, parquet } of END_TO_END) {
    const dataset = await timed(() => exportDataset(pairs, { format, parquet }));
    line(
      'end-to-end',
      format,
      parquet,
      dataset.ms,
      dataset.result.files.reduce((sum, file) => sum + file.bytes.length, 0),
    );
    if (format === 'trl') {
      const zip = await timed(() => zipExport(dataset.result.files));
      line('zip', format, parquet, zip.ms, zip.result.length);
    }
  }
  return results;
}
