import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { EvalSummary } from '../data/evals';
import { compareResults, unpairedReason } from '../evaluation';
import { CHAIR_MODES, type ChairMode } from '../metrics';
import { evaluateAdapted } from '../pipeline/evaluate-model';
import { defaultModelId } from '../runtime';
import { readAdapterFiles } from './adapter-dir';
import { formatComparison } from './compare-table';
import { formatEvalTable } from './eval-table';
import { progressBar } from './progress-bar';
import { UsageError, positiveInteger } from './usage';

export const evalUsage =
  'npm run selfalign -- eval [--model <id>] [--dtype fp32|q8|q4] [--adapter <dir>] [--n 500] [--seed 1234] ' +
  '[--chair-mode negation-aware|literal] [--out <file>] [--json] [--compare <first.json> [<second.json>]]';

/** An eval result from a file: the eval JSON (as --out writes it), or a capture whose last line is it. */
export function readEvalResult(path: string): EvalSummary {
  const text = readFileSync(path, 'utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    try {
      parsed = JSON.parse(text.trim().split('\n').at(-1) ?? '');
    } catch {
      throw new UsageError(`${path} holds no eval JSON.`);
    }
  }
  const result = parsed as Partial<EvalSummary>;
  if (typeof result !== 'object' || result === null || !result.chair || !result.pope)
    throw new UsageError(`${path} is not an eval result (no chair and pope figures).`);
  return result as EvalSummary;
}

const DTYPES = ['fp32', 'q8', 'q4'] as const;

/** Runs the evaluation; `report` gets the printed result (stdout unless the caller says otherwise). */
export async function evalCommand(args: string[], report = (line: string) => console.log(line)) {
  const { values, positionals } = parseArgs({
    args,
    options: {
      model: { type: 'string', default: defaultModelId },
      dtype: { type: 'string' },
      adapter: { type: 'string' },
      n: { type: 'string', default: '500' },
      seed: { type: 'string', default: '1234' },
      'chair-mode': { type: 'string', default: 'negation-aware' },
      out: { type: 'string' },
      json: { type: 'boolean', default: false },
      compare: { type: 'string' },
    },
    allowPositionals: true,
  });
  const [secondPath, ...extra] = positionals;
  if (extra.length > 0 || (secondPath !== undefined && values.compare === undefined))
    throw new UsageError(`Unexpected argument "${extra[0] ?? secondPath}".`);
  const first = values.compare === undefined ? undefined : readEvalResult(values.compare);
  const compareWith = (second: EvalSummary) => {
    const reason = unpairedReason(first!, second);
    if (reason) throw new Error(reason);
    const compared = compareResults(first!, second);
    report(values.json ? JSON.stringify(compared) : formatComparison(compared));
    return compared;
  };
  // Two files: compare them, nothing to run.
  if (first && secondPath !== undefined) return compareWith(readEvalResult(secondPath));
  // One file: evaluate on its scenes (its n and seed unless given) and compare the new result with it.
  if (first) {
    const given = (flag: string) => args.some((a) => a === flag || a.startsWith(`${flag}=`));
    if (!given('--n')) values.n = String(first.n);
    if (!given('--seed')) values.seed = String(first.seed);
  }
  const n = positiveInteger(values.n, '--n');
  const seed = positiveInteger(values.seed, '--seed', 0);
  const dtype = values.dtype as (typeof DTYPES)[number] | undefined;
  if (dtype !== undefined && !DTYPES.includes(dtype))
    throw new UsageError(`--dtype must be fp32, q8 or q4, got "${values.dtype}".`);
  const chairMode = values['chair-mode'] as ChairMode;
  if (!CHAIR_MODES.includes(chairMode)) {
    throw new UsageError(`--chair-mode must be negation-aware or literal, got "${chairMode}".`);
  }
  const dtypes = dtype && { vision_encoder: dtype, embed_tokens: dtype, decoder_model_merged: dtype };
  const literally = chairMode === 'literal' ? ', CHAIR counting denied objects too' : '';
  const summary = await evaluateAdapted({
    modelId: values.model!,
    dtype: dtypes,
    adapter: values.adapter ? readAdapterFiles(values.adapter) : undefined,
    adapterName: values.adapter,
    n,
    seed,
    chairMode,
    onProgress: progressBar('eval'),
    onLoaded: (info) => {
      const weights = [...new Set(Object.values(info.dtype))].join('/');
      const adapted = values.adapter ? ` with the adapter ${values.adapter}` : '';
      process.stderr.write(
        `Evaluating ${info.modelId} (${weights})${adapted} on ${n} debiased test scenes (seed ${seed}, ${info.device}${literally}).\n`,
      );
    },
  });
  if (values.out) writeFileSync(values.out, `${JSON.stringify(summary)}\n`);
  if (first) return compareWith(summary);
  report(values.json ? JSON.stringify(summary) : formatEvalTable(summary));
  return summary;
}
