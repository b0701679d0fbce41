// `selfalign round`: one self-alignment round — a method's pairs, LoRA-DPO on them, and the eval
// of the base and the adapted model (pipeline/round.ts) — with the eval JSON of both on the last line.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pairsToJsonl } from '../data/pairs/pair-records';
import { startEngine } from '../engine/jax-runtime';
import { runRound } from '../pipeline/round';
import { methodSettingsOf, PAIRS_OPTIONS, pairsOptionsFrom, reportCalibration } from './pairs-command';
import { progressBar } from './progress-bar';
import { trainingProgress, writeTrainedAdapter } from './train-command';
import { positiveInteger } from './usage';

export const roundUsage =
  'npm run selfalign -- round --method sima|seva|csr|fisao [--model shapes-vlm] [--n 300] [--seed 1] [--both-orders] [--t 500] [--clip <id>] [--calibration-n 100] [--steps 100] [--eval-n 500] [--out <dir>] [--json]';

export async function roundCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      ...PAIRS_OPTIONS,
      steps: { type: 'string', default: '100' },
      'eval-n': { type: 'string', default: '500' },
    },
  });
  const { out: outArg, json, ...options } = pairsOptionsFrom(values);
  const steps = positiveInteger(String(values.steps), '--steps');
  const evalN = positiveInteger(String(values['eval-n']), '--eval-n');
  const out = outArg ?? join('rounds', `${options.model.replace(/\//g, '--')}-${options.method}-seed${options.seed}`);
  mkdirSync(out, { recursive: true });
  const adapterDir = join(out, 'adapter');
  const toStderr = (line: string) => void process.stderr.write(`${line}\n`);

  await startEngine();
  process.stderr.write(
    `Running ${options.method} with ${options.model} on ${options.n} train scenes (seed ${options.seed}).\n`,
  );
  const training = trainingProgress(steps);
  const evalBars = { base: progressBar('eval'), adapted: progressBar('eval') };
  const round = await runRound({
    modelId: options.model,
    settings: methodSettingsOf(options),
    n: options.n,
    clipId: options.clip,
    steps,
    evalN,
    adapterName: adapterDir,
    onMethodProgress: progressBar(options.method),
    onMade: (made) => {
      reportCalibration(made);
      if (made.pairs.length > 0) writeFileSync(join(out, 'pairs.jsonl'), pairsToJsonl(made.pairs));
    },
    onTrainingPhase: training.onPhase,
    onStep: training.onStep,
    onEvalProgress: (which, done, total) => evalBars[which](done, total),
  });
  const { made, settings, logs, base, adapted } = round;
  writeTrainedAdapter(adapterDir, round.adapter, logs, round.trainedPairs);
  toStderr(
    JSON.stringify({
      model: options.model,
      adapter: adapterDir,
      pairs: made.pairs.length,
      steps,
      first: logs[0],
      last: logs.at(-1),
    }),
  );
  toStderr(JSON.stringify(base));
  toStderr(JSON.stringify(adapted));
  const summary = {
    method: options.method,
    pairs: made.pairs.length,
    counts: made.counts,
    ...('calibration' in made ? { calibration: made.calibration } : {}),
    loss: settings.loss,
    base,
    adapted,
  };
  writeFileSync(join(out, 'round.json'), `${JSON.stringify(summary, null, 2)}\n`);
  console.log(
    json
      ? JSON.stringify(summary)
      : `Round ${options.method}: ${made.pairs.length} pairs; CHAIR_i ${base.chair.i.toFixed(3)} → ${adapted.chair.i.toFixed(3)}, ` +
          `POPE adversarial F1 ${base.pope.adversarial.f1.toFixed(3)} → ${adapted.pope.adversarial.f1.toFixed(3)} (${out}).`,
  );
}
