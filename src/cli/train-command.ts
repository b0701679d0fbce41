// `selfalign train`: LoRA-DPO on a pairs file, headless, written out as a PEFT adapter.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pairsForTraining } from '../data/pairs/training-choice';
import { parsePairsJsonl, pairsToJsonl, REVIEW_STATUSES, type PairRecord } from '../data/pairs/pair-records';
import { DEFAULT_DPO_SETTINGS, PREFERENCE_LOSSES, type PreferenceLossKind } from '../engine/dpo/dpo-options';
import type { DpoSettings, DpoStepLog } from '../engine/dpo/dpo-trainer';
import { startEngine } from '../engine/jax-runtime';
import { LORA_TARGETS, type LoraTarget } from '../engine/lora/lora-config';
import type { PeftAdapterFiles } from '../engine/lora/peft-files';
import { defaultModelId, findModel } from '../runtime';
import { decodePngAsync } from '../world';
import { scenePairImage } from '../data/pairs/pair-images';
import { trainAdapter, type TrainingPhase } from '../pipeline/training/train-adapter';
import { writeAdapterDir } from './adapter-dir';
import { progressBar } from './progress-bar';
import { positiveInteger, positiveNumber, reviewStatuses, UsageError } from './usage';
import type { RgbaImage } from '../common/rgba-image';

export const trainUsage =
  'npm run selfalign -- train --pairs <file.jsonl> [--status accepted,swapped] [--model shapes-vlm] [--steps 100] [--out <dir>] [--loss sigmoid|ipo|hinge|token-weighted] [--beta 0.1] ' +
  `[--sft-weight ${DEFAULT_DPO_SETTINGS.sftWeight}] [--lr ${DEFAULT_DPO_SETTINGS.peakLr}] ` +
  '[--schedule cosine|constant] [--warmup 5] [--batch 8] [--accumulation 1] [--rank 8] [--alpha 16] [--dropout 0.05] [--rslora] ' +
  '[--targets q_proj,k_proj,…] [--layers 0,1] [--seed 0] [--json]';

function oneOf<T extends string>(text: string | undefined, flag: string, choices: readonly T[], fallback: T): T {
  if (text === undefined) return fallback;
  if (!choices.includes(text as T))
    throw new UsageError(`${flag} must be one of ${choices.join(', ')}, got "${text}".`);
  return text as T;
}

export function parseTrainArgs(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      pairs: { type: 'string' },
      status: { type: 'string' },
      model: { type: 'string', default: defaultModelId },
      steps: { type: 'string' },
      out: { type: 'string' },
      loss: { type: 'string' },
      beta: { type: 'string' },
      'sft-weight': { type: 'string' },
      lr: { type: 'string' },
      schedule: { type: 'string' },
      warmup: { type: 'string' },
      batch: { type: 'string' },
      accumulation: { type: 'string' },
      rank: { type: 'string' },
      alpha: { type: 'string' },
      dropout: { type: 'string' },
      rslora: { type: 'boolean', default: false },
      targets: { type: 'string' },
      layers: { type: 'string' },
      seed: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (!values.pairs) throw new UsageError('--pairs <file.jsonl> is required.');
  const d = DEFAULT_DPO_SETTINGS;
  const targets = values.targets
    ? values.targets.split(',').map((t) => oneOf(t.trim(), '--targets', LORA_TARGETS, 'q_proj' as LoraTarget))
    : d.lora.targets;
  const layers = values.layers?.split(',').map((l) => positiveInteger(l.trim(), '--layers', 0));
  const rank = values.rank ? positiveInteger(values.rank, '--rank') : d.lora.r;
  const dropout = positiveNumber(values.dropout, '--dropout', d.lora.dropout, { allowZero: true });
  if (dropout >= 1) throw new UsageError(`--dropout must be below 1, got "${values.dropout}".`);
  const settings: DpoSettings = {
    loss: oneOf(values.loss, '--loss', PREFERENCE_LOSSES, d.loss as PreferenceLossKind),
    beta: positiveNumber(values.beta, '--beta', d.beta),
    sftWeight: positiveNumber(values['sft-weight'], '--sft-weight', d.sftWeight ?? 0, { allowZero: true }),
    lora: {
      r: rank,
      alpha: positiveNumber(values.alpha, '--alpha', values.rank ? 2 * rank : d.lora.alpha),
      dropout,
      targets,
      layers,
      rslora: values.rslora!,
    },
    peakLr: positiveNumber(values.lr, '--lr', d.peakLr),
    schedule: oneOf(values.schedule, '--schedule', ['cosine', 'constant'] as const, d.schedule),
    warmupSteps: values.warmup ? positiveInteger(values.warmup, '--warmup', 0) : d.warmupSteps,
    totalSteps: values.steps ? positiveInteger(values.steps, '--steps') : d.totalSteps,
    weightDecay: d.weightDecay,
    maxGradNorm: d.maxGradNorm,
    batchSize: values.batch ? positiveInteger(values.batch, '--batch') : d.batchSize,
    accumulation: values.accumulation ? positiveInteger(values.accumulation, '--accumulation') : d.accumulation,
    seed: values.seed ? positiveInteger(values.seed, '--seed', 0) : d.seed,
  };
  const model = values.model!;
  const out = values.out ?? join('adapters', `${model.replace(/\//g, '--')}-${settings.loss}-seed${settings.seed}`);
  return {
    pairsFile: values.pairs,
    statuses: reviewStatuses(values.status, '--status'),
    model,
    out,
    json: values.json!,
    settings,
  };
}

/** The pixels of a pair's image: a shapes-world scene, or a PNG next to the pairs file. */
function imageLoader(pairsFile: string) {
  return async (record: PairRecord): Promise<RgbaImage> => {
    if ('scene' in record.image) return scenePairImage(record);
    const path = resolve(dirname(pairsFile), record.image.path);
    if (!existsSync(path)) throw new Error(`Pair ${record.id}: the image ${path} does not exist.`);
    if (!/\.png$/i.test(path)) throw new Error(`Pair ${record.id}: the CLI reads PNG images only; ${path} is not one.`);
    return decodePngAsync(new Uint8Array(readFileSync(path)));
  };
}

function stepLine(log: DpoStepLog, total: number, started: number): string {
  const elapsed = (Date.now() - started) / 1000;
  const eta = (elapsed / log.step) * (total - log.step);
  return (
    `step ${log.step}/${total} loss ${log.loss.toFixed(4)} margin ${log.margin.toFixed(3)} acc ${log.accuracy.toFixed(2)} ` +
    `rewards ${log.chosenReward.toFixed(3)}/${log.rejectedReward.toFixed(3)} gnorm ${log.gradNorm.toFixed(3)} lr ${log.lr.toExponential(2)} ` +
    `${(log.stepMs / 1000).toFixed(2)} s/step ${log.tokensPerSecond.toFixed(0)} tok/s ETA ${eta.toFixed(0)}s rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB\n`
  );
}

/** The adapter folder: the PEFT files, one line per step, and the pairs with their reference log-probs. */
export function writeTrainedAdapter(
  out: string,
  adapter: PeftAdapterFiles,
  logs: DpoStepLog[],
  pairs: PairRecord[],
): void {
  writeAdapterDir(out, adapter);
  writeFileSync(join(out, 'training_log.jsonl'), logs.map((log) => JSON.stringify(log)).join('\n') + '\n');
  writeFileSync(join(out, 'pairs.jsonl'), pairsToJsonl(pairs));
}

/** Progress of a training run on stderr: a bar per phase, a line per step. */
export function trainingProgress(totalSteps: number) {
  const bars = {
    loading: progressBar('model.safetensors'),
    tokenising: progressBar('tokenise'),
    reference: progressBar('reference log-probs'),
  };
  let started = Date.now(); // steps are timed from the end of the last phase
  return {
    onPhase: (phase: TrainingPhase, done: number, total: number) => {
      if (phase !== 'loading' || done > 0) bars[phase](done, total);
      started = Date.now();
    },
    onStep: (log: DpoStepLog) => void process.stderr.write(stepLine(log, totalSteps, started)),
  };
}

/** Trains and writes the adapter folder; `report` gets the printed result (stdout unless the caller says otherwise). */
export async function trainCommand(args: string[], report = (line: string) => console.log(line)) {
  const { pairsFile, statuses, model: modelId, out, json, settings } = parseTrainArgs(args);
  if (!findModel(modelId))
    throw new Error(`"${modelId}" is not a model id: use an embedded model or a Hub id like owner/name.`);
  let records: PairRecord[];
  try {
    records = parsePairsJsonl(readFileSync(pairsFile, 'utf8'));
  } catch (error) {
    throw new Error(
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? `The pairs file ${pairsFile} does not exist.`
        : (error as Error).message,
    );
  }
  // Every pair unless --status says which; each trains with its decision applied (swap, edits).
  const chosen = pairsForTraining(
    records,
    { method: '', statuses: statuses ?? REVIEW_STATUSES },
    'pass --status with their status to train on them',
  );
  await startEngine();
  process.stderr.write(
    `Training a LoRA adapter (r ${settings.lora.r}, ${settings.loss} loss, β ${settings.beta}) on ${modelId} with ${chosen.length} pairs for ${settings.totalSteps} steps.\n`,
  );
  const trained = await trainAdapter({
    modelId,
    settings,
    pairs: chosen,
    imageOf: imageLoader(pairsFile),
    featuresDevice: 'cpu',
    ...trainingProgress(settings.totalSteps),
  });
  try {
    writeTrainedAdapter(out, await trained.adapter(), trained.logs, records);
  } finally {
    trained.dispose();
  }
  const { logs } = trained;
  const summary = {
    model: modelId,
    adapter: out,
    pairs: chosen.length,
    steps: settings.totalSteps,
    first: logs[0],
    last: logs.at(-1),
  };
  report(
    json
      ? JSON.stringify(summary)
      : `Wrote the adapter to ${out} (adapter_config.json, adapter_model.safetensors, training_log.jsonl, pairs.jsonl with reference log-probs).`,
  );
  return summary;
}
