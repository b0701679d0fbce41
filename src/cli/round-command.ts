// `selfalign round`: one self-alignment round — a method's pairs, LoRA-DPO on them, and the eval
// of the base and the adapted model — with the eval JSON of both on the last line.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_DPO_SETTINGS } from '../engine/dpo/dpo-options';
import { pairsToJsonl } from '../data/pairs/pair-records';
import { evalCommand } from './eval-command';
import { makePairs, PAIRS_OPTIONS, pairsOptionsFrom } from './pairs-command';
import { trainCommand } from './train-command';
import { positiveInteger } from './usage';

export const roundUsage =
  'npm run selfalign -- round --method sima|seva|csr|fisao [--model shapes-vlm] [--n 300] [--seed 1] [--both-orders] [--t 500] [--clip <id>] [--calibration-n 100] [--steps 100] [--eval-n 500] [--out <dir>] [--json]';

export async function roundCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { ...PAIRS_OPTIONS, steps: { type: 'string', default: '100' }, 'eval-n': { type: 'string', default: '500' } } });
  const { out: outArg, json, ...options } = pairsOptionsFrom(values);
  const steps = positiveInteger(String(values.steps), '--steps');
  const evalN = String(positiveInteger(String(values['eval-n']), '--eval-n'));
  const out = outArg ?? join('rounds', `${options.model.replace(/\//g, '--')}-${options.method}-seed${options.seed}`);
  mkdirSync(out, { recursive: true });

  const made = await makePairs(options);
  if (made.pairs.length === 0) throw new Error(`${options.method} made no pairs from ${options.n} items (${JSON.stringify(made.counts)}), so there is nothing to train on.`);
  const pairsFile = join(out, 'pairs.jsonl');
  writeFileSync(pairsFile, pairsToJsonl(made.pairs));
  const toStderr = (line: string) => void process.stderr.write(`${line}\n`);
  const adapter = join(out, 'adapter');
  // FiSAO's pairs carry per-token weights, which only the token-weighted loss reads.
  const loss = options.method === 'fisao' ? 'token-weighted' : DEFAULT_DPO_SETTINGS.loss;
  await trainCommand(['--pairs', pairsFile, '--model', options.model, '--steps', String(steps), '--seed', String(options.seed), '--loss', loss, '--out', adapter, '--json'], toStderr);
  const base = await evalCommand(['--model', options.model, '--n', evalN, '--json'], toStderr);
  const adapted = await evalCommand(['--model', options.model, '--adapter', adapter, '--n', evalN, '--json'], toStderr);
  const summary = {
    method: options.method, pairs: made.pairs.length, counts: made.counts, ...('calibration' in made ? { calibration: made.calibration } : {}), loss, base, adapted,
  };
  writeFileSync(join(out, 'round.json'), `${JSON.stringify(summary, null, 2)}\n`);
  console.log(json ? JSON.stringify(summary) : `Round ${options.method}: ${made.pairs.length} pairs; CHAIR_i ${base.chair.i.toFixed(3)} → ${adapted.chair.i.toFixed(3)}, ` +
    `POPE adversarial F1 ${base.pope.adversarial.f1.toFixed(3)} → ${adapted.pope.adversarial.f1.toFixed(3)} (${out}).`);
}
