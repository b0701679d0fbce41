import { parseArgs } from 'node:util';
import { evaluateModel } from '../methods/evaluation';
import { defaultModelId, detectCapabilities, greedyAnswerer, loadVlm } from '../runtime';
import { formatEvalTable } from './eval-table';
import { progressBar } from './progress-bar';
import { UsageError, positiveInteger } from './usage';

export const evalUsage = 'npm run selfalign -- eval [--model <id>] [--adapter <dir>] [--n 500] [--seed 1234] [--json]';

export async function evalCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      model: { type: 'string', default: defaultModelId },
      adapter: { type: 'string' },
      n: { type: 'string', default: '500' },
      seed: { type: 'string', default: '1234' },
      json: { type: 'boolean', default: false },
    },
  });
  if (values.adapter) throw new UsageError('Adapters are not supported yet: --adapter arrives with on-device LoRA-DPO.');
  const n = positiveInteger(values.n, '--n');
  const seed = positiveInteger(values.seed, '--seed', 0);
  const vlm = await loadVlm({ modelId: values.model }, await detectCapabilities());
  process.stderr.write(`Evaluating ${vlm.info.modelId} on ${n} debiased test scenes (seed ${seed}, ${vlm.info.device}).\n`);
  const { summary } = await evaluateModel(greedyAnswerer(vlm), { model: values.model, n, seed, onProgress: progressBar('eval') });
  console.log(values.json ? JSON.stringify(summary) : formatEvalTable(summary));
}
