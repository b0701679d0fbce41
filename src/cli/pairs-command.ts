// `selfalign pairs`: one self-alignment method over shapes-world train items, written as pairs JSONL.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { pairsToJsonl } from '../data/pairs/pair-records';
import type { FisaoCalibration } from '../methods/fisao/calibration';
import { DEFAULT_FISAO_OPTIONS } from '../methods/fisao/fisao';
import { clipFor, defaultModelId } from '../runtime';
import { makePairs, type MethodRunResult } from '../pipeline/method-run';
import { progressBar } from './progress-bar';
import { positiveInteger, share, UsageError } from './usage';
import { METHOD_SPLIT, METHODS, type MethodName, type MethodSettings } from '../data/runs';

export const pairsUsage =
  'npm run selfalign -- pairs --method sima|seva|csr|fisao [--model shapes-vlm] [--n 300] [--seed 1] [--both-orders] [--t 500] [--clip <id>] [--calibration-n 100] [--existence 0] --out <pairs.jsonl> [--json]';

export interface PairsOptions {
  method: MethodName;
  model: string;
  n: number;
  seed: number;
  bothOrders: boolean;
  t: number;
  /** CSR's and FiSAO's CLIP model: shapes-clip for embedded models, a transformers.js CLIP from the Hub otherwise. */
  clip: string;
  /** FiSAO's calibration scenes. */
  calibrationN: number;
  /** The share of scenes asked an existence question instead of the description. */
  existence: number;
}

/** The options `pairs` and `round` share. */
export const PAIRS_OPTIONS = {
  method: { type: 'string' },
  model: { type: 'string', default: defaultModelId },
  n: { type: 'string', default: '300' },
  seed: { type: 'string', default: '1' },
  'both-orders': { type: 'boolean', default: false },
  t: { type: 'string', default: '500' },
  clip: { type: 'string' },
  'calibration-n': { type: 'string', default: String(DEFAULT_FISAO_OPTIONS.calibrationItems) },
  existence: { type: 'string' },
  out: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

type PairsValues = ReturnType<typeof parseArgs<{ options: typeof PAIRS_OPTIONS }>>['values'];

export function pairsOptionsFrom(values: PairsValues): PairsOptions & { out?: string; json: boolean } {
  if (!METHODS.includes(values.method as MethodName))
    throw new UsageError(`--method must be one of ${METHODS.join(', ')}, got "${values.method ?? ''}".`);
  const t = positiveInteger(values.t!, '--t', 0);
  if (t > 999) throw new UsageError(`--t must be an integer from 0 to 999, got "${values.t}".`);
  return {
    method: values.method as MethodName,
    model: values.model!,
    n: positiveInteger(values.n!, '--n'),
    seed: positiveInteger(values.seed!, '--seed', 0),
    bothOrders: values['both-orders']!,
    t,
    out: values.out,
    json: values.json!,
    calibrationN: positiveInteger(values['calibration-n']!, '--calibration-n'),
    existence: share(values.existence, '--existence', 0),
    clip: values.clip ?? clipFor(values.model!),
  };
}

function describeCalibration(c: FisaoCalibration): string {
  const f = (x: number) => x.toFixed(3);
  return (
    `FiSAO calibration on ${c.items} scenes (${c.answers} answers): correct objects μ_c ${f(c.muCorrect)} (n ${c.nCorrect}), ` +
    `hallucinated μ_h ${f(c.muHallucinated)} (n ${c.nHallucinated}); reward > 0 above ${f(c.threshold)}, right for ${f(c.accuracy)} of them ` +
    `(${f(c.correctRecall)} of correct, ${f(c.hallucinatedRecall)} of hallucinated).`
  );
}

/** The method settings of the options. */
export function methodSettingsOf(options: PairsOptions): MethodSettings {
  return {
    method: options.method,
    seed: options.seed,
    bothOrders: options.bothOrders,
    t: options.t,
    calibrationItems: options.calibrationN,
    ...(options.existence > 0 ? { existenceShare: options.existence } : {}),
  };
}

/** Loads the model and runs the method over n pool-split scenes (seed = the run's seed), as the app's worker does. */
async function pairsOf(options: PairsOptions): Promise<MethodRunResult> {
  process.stderr.write(
    `Running ${options.method} with ${options.model} on ${options.n} pool scenes (seed ${options.seed}).\n`,
  );
  const settings = methodSettingsOf(options);
  const result = await makePairs({
    modelId: options.model,
    clipId: options.clip,
    request: { settings, scenes: { split: METHOD_SPLIT, seed: options.seed, start: 0, n: options.n } },
    control: { onProgress: progressBar(options.method), onCalibration: progressBar(`${options.method} calibration`) },
  });
  reportCalibration(result);
  return result;
}

/** FiSAO's calibration, on stderr. */
export function reportCalibration(result: MethodRunResult): void {
  if ('calibration' in result) process.stderr.write(`${describeCalibration(result.calibration)}\n`);
}

export async function pairsCommand(args: string[]): Promise<void> {
  const { out, json, ...options } = pairsOptionsFrom(parseArgs({ args, options: PAIRS_OPTIONS }).values);
  if (!out) throw new UsageError('--out <pairs.jsonl> is required.');
  const result = await pairsOf(options);
  writeFileSync(out, pairsToJsonl(result.pairs));
  const summary = {
    method: options.method,
    model: options.model,
    out,
    ...result.counts,
    ...('agreement' in result ? { agreement: result.agreement } : {}),
    ...('calibration' in result ? { calibration: result.calibration } : {}),
  };
  console.log(
    json ? JSON.stringify(summary) : `Wrote ${result.pairs.length} pairs to ${out} (${JSON.stringify(result.counts)}).`,
  );
}
