// The oracle pairs of the README's LoRA-DPO table: the true descriptions of train scenes (seed 9)
// against the same with one absent object added (the world's error injector).
//   npx tsx scripts/oracle-pairs.ts [N] OUT.jsonl
import { writeFileSync } from 'node:fs';
import { oraclePairs } from '../src/data/pairs/oracle-pairs.testing';
import { pairsToJsonl } from '../src/data/pairs/pair-records';

const [n = '200', out] = process.argv.slice(2);
const count = Number(n);
if (!out || !Number.isInteger(count) || count < 1) {
  console.error('Usage: npx tsx scripts/oracle-pairs.ts N OUT.jsonl, with N a whole number ≥ 1.');
  process.exit(1);
}
writeFileSync(out, pairsToJsonl(oraclePairs(count)));
