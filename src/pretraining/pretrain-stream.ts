/**
 * The VLM's training batches as a byte stream for the PyTorch trainer (pretrain/train.py), made by the
 * TypeScript world itself: batch `step` is exactly `vlmBatch(spec, step)`, the batch the engine's
 * trainer would get. One record per batch:
 *   u32 header length · JSON {"step","task","batch","length","imageSize"} ·
 *   int32 input ids [B·T] · u8 attention mask [B·T] · u8 loss mask [B·T] · f32 pixels [B·3·S·S]
 * (little-endian). Batch k depends only on (spec, k), so a resumed run restarts the stream at its step.
 */
import type { Writable } from 'node:stream';
import { vlmBatch, type VlmBatch, type VlmBatchSpec } from './batches';

export function encodeBatchRecord(step: number, batch: VlmBatch): Buffer {
  const B = batch.inputIds.length;
  const T = batch.inputIds[0]!.length;
  const header = Buffer.from(
    JSON.stringify({ step, task: batch.task, batch: B, length: T, imageSize: batch.imageSize }),
  );
  const ids = new Int32Array(batch.inputIds.flat());
  const attention = Uint8Array.from(batch.attentionMask.flat());
  const loss = Uint8Array.from(batch.lossMask.flat());
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length);
  return Buffer.concat([
    length,
    header,
    Buffer.from(ids.buffer),
    Buffer.from(attention),
    Buffer.from(loss),
    Buffer.from(batch.pixelData.buffer, batch.pixelData.byteOffset, batch.pixelData.byteLength),
  ]);
}

/** Writes batches start … end − 1 to `out`, waiting when the reader falls behind; stops early if it closes. */
export async function streamVlmBatches(spec: VlmBatchSpec, start: number, end: number, out: Writable): Promise<void> {
  let closed = false;
  let wake: () => void = () => {};
  const stop = () => {
    closed = true;
    wake();
  };
  out.on('error', stop);
  out.on('close', stop);
  out.on('drain', () => wake());
  for (let step = start; step < end && !closed; step++) {
    if (!out.write(encodeBatchRecord(step, vlmBatch(spec, step))) && !closed)
      await new Promise<void>((resolve) => (wake = resolve));
  }
  if (!closed) out.end();
}
