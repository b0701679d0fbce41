// `selfalign pairs`: one self-alignment method over shapes-world train items, written as pairs JSONL.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { shapesItems } from '../methods/items';
import type { MethodResult } from '../methods/method-runtime';
import { pairsToJsonl } from '../methods/pairs/pair-records';
import { DEFAULT_SEVA_OPTIONS, runSeva } from '../methods/seva/seva';
import { DEFAULT_SIMA_OPTIONS, runSima } from '../methods/sima/sima';
import { defaultModelId, detectCapabilities, EMBEDDED_CLIP_ID, findModel, loadClip, loadVlm } from '../runtime';
import { DEFAULT_CSR_OPTIONS, runCsr } from '../methods/csr/csr';
import { methodRuntimeOf } from '../workers/method-runtime';
import { progressBar } from './progress-bar';
import { positiveInteger, UsageError } from './usage';

export const pairsUsage = 'npm run selfalign -- pairs --method sima|seva|csr [--model shapes-vlm] [--n 300] [--seed 1] [--both-orders] [--t 500] [--clip <id>] --out <pairs.jsonl> [--json]';

/** A CLIP in the transformers.js layout for Hub models (CSR's R_I); the paper used ViT-L/14-336. */
const HUB_CLIP_ID = 'Xenova/clip-vit-base-patch32';

export const METHODS = ['sima', 'seva', 'csr'] as const;
export type MethodName = (typeof METHODS)[number];

export interface PairsOptions {
  method: MethodName;
  model: string;
  n: number;
  seed: number;
  bothOrders: boolean;
  t: number;
  /** CSR's CLIP model: shapes-clip for embedded models, a transformers.js CLIP from the Hub otherwise. */
  clip: string;
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
  out: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

type PairsValues = ReturnType<typeof parseArgs<{ options: typeof PAIRS_OPTIONS }>>['values'];

export function pairsOptionsFrom(values: PairsValues): PairsOptions & { out?: string; json: boolean } {
  if (!METHODS.includes(values.method as MethodName)) throw new UsageError(`--method must be one of ${METHODS.join(', ')}, got "${values.method ?? ''}".`);
  const t = positiveInteger(values.t!, '--t', 0);
  if (t > 999) throw new UsageError(`--t must be an integer from 0 to 999, got "${values.t}".`);
  return {
    method: values.method as MethodName, model: values.model!, n: positiveInteger(values.n!, '--n'), seed: positiveInteger(values.seed!, '--seed', 0),
    bothOrders: values['both-orders']!, t, out: values.out, json: values.json!,
    clip: values.clip ?? (findModel(values.model!)?.source === 'embedded' ? EMBEDDED_CLIP_ID : HUB_CLIP_ID),
  };
}

/** Loads the model and runs the method over n train-split scenes (seed = the run's seed). */
export async function makePairs(options: PairsOptions): Promise<MethodResult> {
  const vlm = await loadVlm({ modelId: options.model }, await detectCapabilities());
  const clip = options.method === 'csr' ? await loadClip(options.clip) : undefined;
  try {
    const runtime = methodRuntimeOf(vlm, clip);
    const items = shapesItems('train', options.seed, options.n);
    process.stderr.write(`Running ${options.method} with ${options.model} on ${options.n} train scenes (seed ${options.seed}).\n`);
    const control = { onProgress: progressBar(options.method) };
    const run: Record<MethodName, () => Promise<MethodResult>> = {
      sima: () => runSima(runtime, items, { ...DEFAULT_SIMA_OPTIONS, seed: options.seed, bothOrders: options.bothOrders }, control),
      seva: () => runSeva(runtime, items, { ...DEFAULT_SEVA_OPTIONS, seed: options.seed, t: options.t }, control),
      csr: () => runCsr(runtime, items, { ...DEFAULT_CSR_OPTIONS, seed: options.seed }, control),
    };
    return await run[options.method]();
  } finally {
    await vlm.model.dispose();
    await clip?.dispose();
  }
}

export async function pairsCommand(args: string[]): Promise<void> {
  const { out, json, ...options } = pairsOptionsFrom(parseArgs({ args, options: PAIRS_OPTIONS }).values);
  if (!out) throw new UsageError('--out <pairs.jsonl> is required.');
  const result = await makePairs(options);
  writeFileSync(out, pairsToJsonl(result.pairs));
  const summary = { method: options.method, model: options.model, out, ...result.counts, ...('agreement' in result ? { agreement: result.agreement } : {}) };
  console.log(json ? JSON.stringify(summary) : `Wrote ${result.pairs.length} pairs to ${out} (${JSON.stringify(result.counts)}).`);
}
