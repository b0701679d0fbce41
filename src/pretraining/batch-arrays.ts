/**
 * Training batches as jax Arrays for the jitted steps. Everything a batch varies in (masks, pixels,
 * where the image tokens are, targets) becomes an Array argument: a jitted trace bakes JS values in,
 * so they would be frozen at the first batch. Input ids are not here: the trainer looks their
 * embeddings up outside the gradient (see train-step.ts). Targets are one-hot rows, and only the
 * positions that predict an answer token get logits (`answerRows`).
 */
import { numpy as np, type Array as JaxArray } from '@jax-js/jax';
import { endOfTextPick } from '../engine/clip';
import type { VlmTrainingInputs } from '../engine/vlm';
import { spliceMatrices } from '../engine/vlm/splice';
import { bucketLength, type ClipBatch, type VlmBatch } from './batches';

export interface VlmBatchArrays extends Omit<VlmTrainingInputs, 'tokenEmbeds'> {
  /** [B, K, T]: row k of sequence b picks the position whose logits predict its k-th answer token. */
  answerRows: JaxArray;
  /** [B, K, vocab]: that answer token, one-hot. */
  answerOneHot: JaxArray;
  /** [B, K]: 1 for real rows, 0 for the padding up to K. */
  answerMask: JaxArray;
}

/** K of `answerRows` is padded up to a multiple of this, so that few shapes get compiled. */
const ANSWER_ROWS_BUCKET = 8;

export interface ClipBatchArrays {
  /** [N, T, 1]: 1 at each text's end-of-text token. */
  endOfText: JaxArray;
  pixelValues: JaxArray;
}

/** Rows of `vocab` zeros with a 1 at each id. */
function oneHot(ids: number[], vocab: number): Float32Array {
  const rows = new Float32Array(ids.length * vocab);
  ids.forEach((id, row) => (rows[row * vocab + id] = 1));
  return rows;
}

export function vlmBatchArrays(batch: VlmBatch, vocab: number, imageTokenId: number): VlmBatchArrays {
  const B = batch.inputIds.length;
  const T = batch.inputIds[0]!.length;
  const { keep, select, rows } = spliceMatrices(batch.inputIds, imageTokenId);
  // Token t (t ≥ 1) is predicted by the logits at t − 1.
  const answers = batch.lossMask.map((mask) => mask.flatMap((counted, t) => (counted && t > 0 ? [t] : [])));
  const K = bucketLength(Math.max(1, ...answers.map((a) => a.length)), ANSWER_ROWS_BUCKET);
  const answerRows = new Float32Array(B * K * T);
  const answerMask = new Float32Array(B * K);
  const answerIds = new Array<number>(B * K).fill(0);
  answers.forEach((positions, b) =>
    positions.forEach((t, k) => {
      answerRows[(b * K + k) * T + t - 1] = 1;
      answerMask[b * K + k] = 1;
      answerIds[b * K + k] = batch.inputIds[b]![t]!;
    }),
  );
  return {
    pixelValues: np.array(batch.pixelData, { shape: [B, 3, batch.imageSize, batch.imageSize] }),
    keep: np.array(keep, { shape: [B * T, 1] }),
    select: np.array(select, { shape: [B * T, rows] }),
    attentionMask: np.array(batch.attentionMask, { dtype: np.float32 }),
    answerRows: np.array(answerRows, { shape: [B, K, T] }),
    answerOneHot: np.array(oneHot(answerIds, vocab), { shape: [B, K, vocab] }),
    answerMask: np.array(answerMask, { shape: [B, K] }),
  };
}

export function clipBatchArrays(batch: ClipBatch, eosTokenId: number): ClipBatchArrays {
  const n = batch.inputIds.length;
  return {
    endOfText: endOfTextPick(batch.inputIds, eosTokenId),
    pixelValues: np.array(batch.pixelData, { shape: [n, 3, batch.imageSize, batch.imageSize] }),
  };
}
