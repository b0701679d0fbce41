/**
 * Training batches as jax Arrays for the jitted steps. Everything a batch varies in (masks, pixels,
 * where the image tokens are, targets) becomes an Array argument: a jitted trace bakes JS values in,
 * so they would be frozen at the first batch. Input ids are not here: the trainer looks their
 * embeddings up outside the gradient (see train-step.ts). Targets are one-hot rows.
 */
import { numpy as np, type Array as JaxArray } from '@jax-js/jax';
import { endOfTextPick } from '../clip';
import type { VlmTrainingInputs } from '../vlm';
import { spliceMatrices } from '../vlm/splice';
import type { ClipBatch, VlmBatch } from './batches';

export interface VlmBatchArrays extends Omit<VlmTrainingInputs, 'tokenEmbeds'> {
  /** [B, T−1, vocab]: the id at t+1, one-hot, the target at t. */
  nextOneHot: JaxArray;
  /** [B, T−1]: 1 where the target at t is an answer token. */
  lossMask: JaxArray;
}

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
  const next = batch.inputIds.flatMap((ids) => ids.slice(1));
  return {
    pixelValues: np.array(batch.pixelData, { shape: [B, 3, batch.imageSize, batch.imageSize] }),
    keep: np.array(keep, { shape: [B * T, 1] }),
    select: np.array(select, { shape: [B * T, rows] }),
    attentionMask: np.array(batch.attentionMask, { dtype: np.float32 }),
    nextOneHot: np.array(oneHot(next, vocab), { shape: [B, T - 1, vocab] }),
    lossMask: np.array(batch.lossMask.map((mask) => mask.slice(1)), { dtype: np.float32 }),
  };
}

export function clipBatchArrays(batch: ClipBatch, eosTokenId: number): ClipBatchArrays {
  const n = batch.inputIds.length;
  return {
    endOfText: endOfTextPick(batch.inputIds, eosTokenId),
    pixelValues: np.array(batch.pixelData, { shape: [n, 3, batch.imageSize, batch.imageSize] }),
  };
}
