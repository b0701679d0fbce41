import { parseArgs } from 'node:util';
import { CHAIR_MODES, type ChairMode } from '../metrics';
import { evaluateAdapted } from '../pipeline/evaluate-model';
import { defaultModelId } from '../runtime';
import { readAdapterFiles } from './adapter-dir';
import { formatEvalTable } from './eval-table';
import { progressBar } from './progress-bar';
import { UsageError, positiveInteger } from './usage';

export const evalUsage =
  'npm run selfalign -- eval [--model <id>] [--dtype fp32|q8|q4] [--adapter <dir>] [--n 500] [--seed 1234] ' +
  '[--chair-mode negation-aware|literal] [--json]';

const DTYPES = ['fp32', 'q8', 'q4'] as const;

/** Runs the evaluation; `report` gets the printed result (stdout unless the caller says otherwise). */
export async function evalCommand(args: string[], report = (line: string) => console.log(line)) {
  const { values } = parseArgs({
    args,
    options: {
      model: { type: 'string', default: defaultModelId },
      dtype: { type: 'string' },
      adapter: { type: 'string' },
      n: { type: 'string', default: '500' },
      seed: { type: 'string', default: '1234' },
      'chair-mode': { type: 'string', default: 'negation-aware' },
      json: { type: 'boolean', default: false },
    },
  });
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
  report(values.json ? JSON.stringify(summary) : formatEvalTable(summary));
  return summary;
}
