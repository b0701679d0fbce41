import { parseArgs } from 'node:util';
import { evaluateClipRanking } from '../evaluation';
import { EMBEDDED_CLIP_ID, loadClip } from '../runtime';
import { progressBar } from './progress-bar';
import { positiveInteger } from './usage';

export const evalClipUsage = 'npm run selfalign -- eval-clip [--model shapes-clip] [--n 500] [--seed 1234] [--json]';

/** How often the CLIP model scores a present object's sentence above an absent one's, on test scenes. */
export async function evalClipCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      model: { type: 'string', default: EMBEDDED_CLIP_ID },
      n: { type: 'string', default: '500' },
      seed: { type: 'string', default: '1234' },
      json: { type: 'boolean', default: false },
    },
  });
  const n = positiveInteger(values.n, '--n');
  const seed = positiveInteger(values.seed, '--seed', 0);
  const clip = await loadClip(values.model);
  try {
    const report = await evaluateClipRanking(clip, { n, seed, onProgress: progressBar('eval-clip') });
    const summary = { model: values.model, n, seed, ranking_accuracy: report.accuracy };
    console.log(
      values.json
        ? JSON.stringify(summary)
        : `${values.model}: present above absent in ${(100 * report.accuracy).toFixed(1)}% of ${n} test scenes`,
    );
  } finally {
    await clip.dispose();
  }
}
