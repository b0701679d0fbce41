// Writes N question-only training batches (the recipe's tokenizer, scenes of seed 99) in the stream format
// of src/pretraining/pretrain-stream.ts, for pretrain/probe_yes_no.py:  npx tsx scripts/question-batches.ts OUT.bin [N]
import { writeFileSync } from 'node:fs';
import { vlmBatch } from '../src/pretraining/batches';
import { trainShapesMerges } from '../src/pretraining/tokenizer';
import { vlmStageData } from '../src/pretraining/pretrain-run';
import { encodeBatchRecord } from '../src/pretraining/pretrain-stream';

const [out, count = '20'] = process.argv.slice(2);
if (!out) throw new Error('Name the output file: npx tsx scripts/question-batches.ts OUT.bin [N]');
const { spec, tokenizer } = vlmStageData({ stage: 'vlm', steps: 1, seed: 99 }, trainShapesMerges());
const questions = { ...spec, mix: { describe: 0, question: 1, critic: 0 } };
writeFileSync(
  out,
  Buffer.concat(Array.from({ length: Number(count) }, (_, step) => encodeBatchRecord(step, vlmBatch(questions, step)))),
);
console.log(JSON.stringify({ yes: tokenizer.encode(' yes').at(-1), no: tokenizer.encode(' no').at(-1) }));
