// `selfalign round`: K self-alignment rounds — a method's pairs, LoRA-DPO on them, and the eval of
// the base and each adapted model (pipeline/round.ts runRounds; round k + 1 samples from round k's
// model, its π_ref) — with one JSON on the last line: the method, each round's pairs, counts, loss,
// adapted eval and paired deltas against the base model, and the base model's eval.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pairsToJsonl } from '../data/pairs/pair-records';
import { DEFAULT_DPO_SETTINGS } from '../engine/dpo/dpo-options';
import { startEngine } from '../engine/jax-runtime';
import { runRounds } from '../pipeline/round';
import { methodSettingsOf, PAIRS_OPTIONS, pairsOptionsFrom, reportCalibration } from './pairs-command';
import { progressBar } from './progress-bar';
import { trainingProgress, writeTrainedAdapter } from './train-command';
import { positiveInteger, positiveNumber } from './usage';

export const roundUsage =
  'npm run selfalign -- round --method sima|seva|csr|fisao [--model shapes-vlm] [--n 300] [--seed 1] [--both-orders] [--t 500] [--clip <id>] [--calibration-n 100] [--existence 0] [--steps 100] ' +
  `[--lr ${DEFAULT_DPO_SETTINGS.peakLr}] [--beta ${DEFAULT_DPO_SETTINGS.beta}] [--sft-weight ${DEFAULT_DPO_SETTINGS.sftWeight}] ` +
  '[--eval-n 500] [--rounds 1] [--out <dir>] [--json]';

export async function roundCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      ...PAIRS_OPTIONS,
      steps: { type: 'string', default: '100' },
      lr: { type: 'string' },
      beta: { type: 'string' },
      'sft-weight': { type: 'string' },
      'eval-n': { type: 'string', default: '500' },
      rounds: { type: 'string', default: '1' },
    },
  });
  const { out: outArg, json, ...options } = pairsOptionsFrom(values);
  const steps = positiveInteger(String(values.steps), '--steps');
  const d = DEFAULT_DPO_SETTINGS;
  const dpo = {
    peakLr: positiveNumber(values.lr, '--lr', d.peakLr),
    beta: positiveNumber(values.beta, '--beta', d.beta),
    sftWeight: positiveNumber(values['sft-weight'], '--sft-weight', d.sftWeight ?? 0, { allowZero: true }),
  };
  const evalN = positiveInteger(String(values['eval-n']), '--eval-n');
  const rounds = positiveInteger(String(values.rounds), '--rounds');
  const out = outArg ?? join('rounds', `${options.model.replace(/\//g, '--')}-${options.method}-seed${options.seed}`);
  // One round writes into `out` as before; several write round-1/, round-2/, … each with its pairs and adapter.
  const roundDir = (k: number) => (rounds === 1 ? out : join(out, `round-${k}`));
  const adapterDir = (k: number) => join(roundDir(k), 'adapter');
  mkdirSync(out, { recursive: true });
  const toStderr = (line: string) => void process.stderr.write(`${line}\n`);

  await startEngine();
  process.stderr.write(
    `Running ${options.method} with ${options.model} on ${options.n} pool scenes (seed ${options.seed}), ${rounds} round${rounds === 1 ? '' : 's'}.\n`,
  );
  const training = trainingProgress(steps);
  const evalBars = { base: progressBar('eval'), adapted: progressBar('eval') };
  const result = await runRounds({
    modelId: options.model,
    settings: methodSettingsOf(options),
    n: options.n,
    clipId: options.clip,
    steps,
    training: dpo,
    evalN,
    rounds,
    adapterName: adapterDir,
    onRoundStart: (k) => {
      if (rounds > 1) toStderr(`Round ${k} of ${rounds}${k > 1 ? `, sampling from round ${k - 1}'s model` : ''}.`);
    },
    onMethodProgress: progressBar(options.method),
    onCalibration: progressBar(`${options.method} calibration`),
    onMade: (made, k) => {
      reportCalibration(made);
      mkdirSync(roundDir(k), { recursive: true });
      if (made.pairs.length > 0) writeFileSync(join(roundDir(k), 'pairs.jsonl'), pairsToJsonl(made.pairs));
    },
    onTrainingPhase: training.onPhase,
    onStep: training.onStep,
    onEvalProgress: (which, done, total) => evalBars[which](done, total),
    onRound: (round, k) => {
      writeTrainedAdapter(adapterDir(k), round.adapter, round.logs, round.trainedPairs);
      toStderr(
        JSON.stringify({
          round: k,
          model: options.model,
          adapter: adapterDir(k),
          sampledWith: round.sampledWith,
          pairs: round.made.pairs.length,
          steps,
          first: round.logs[0],
          last: round.logs.at(-1),
        }),
      );
    },
  });
  const { base } = result;
  const summary = {
    method: options.method,
    rounds: result.rounds.map(({ made, settings, adapted, compared, sampledWith }) => ({
      pairs: made.pairs.length,
      counts: made.counts,
      quality: made.quality,
      ...('calibration' in made ? { calibration: made.calibration } : {}),
      loss: settings.loss,
      training: { peakLr: settings.peakLr, beta: settings.beta, sftWeight: settings.sftWeight ?? 0 },
      sampledWith,
      adapted,
      delta: compared.delta,
      changed: compared.changed,
    })),
    base,
  };
  writeFileSync(join(out, 'round.json'), `${JSON.stringify(summary, null, 2)}\n`);
  const last = summary.rounds.at(-1)!;
  const pts = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}`;
  const ci = (d: { value: number; ci95: [number, number] }) =>
    `${pts(d.value)} pts [${pts(d.ci95[0])}, ${pts(d.ci95[1])}]`;
  console.log(
    json
      ? JSON.stringify(summary)
      : `${rounds === 1 ? 'Round' : `${rounds} rounds of`} ${options.method}: ${summary.rounds.map((r) => r.pairs).join(' / ')} pairs; ` +
          `CHAIR_i ${base.chair.i.toFixed(3)} → ${last.adapted.chair.i.toFixed(3)} (${ci(last.delta.chair_i)}), ` +
          `POPE adversarial F1 ${base.pope.adversarial.f1.toFixed(3)} → ${last.adapted.pope.adversarial.f1.toFixed(3)} (${ci(last.delta.pope_adversarial_f1)}) (${out}).`,
  );
}
