/**
 * Training batches as jax Arrays for the jitted steps. Everything a batch varies in (ids, masks,
 * pixels, where the image tokens are) becomes an Array argument: a jitted trace bakes JS values in,
 * so they would be frozen at the first batch. Ids become one-hot rows, because jit of a gradient
 * through a gather fails in jax-js 0.1.25.
 */
import { numpy as np, type Array as JaxArray } from '@jax-js/jax';
import { endOfTextPick } from '../clip';
import type { VlmTrainingInputs } from '../vlm';
import { spliceMatrices } from '../vlm/splice';
import type { ClipBatch, VlmBatch } from './batches';

export interface VlmBatchArrays extends VlmTrainingInputs {
  /** [B, T−1, vocab]: the id at t+1, one-hot, the target at t. */
  nextOneHot: JaxArray;
  /** [B, T−1]: 1 where the target at t is an answer token. */
  lossMask: JaxArray;
}

export interface ClipBatchArrays {
  /** [N·T, vocab] one-hot token ids. */
  tokenOneHot: JaxArray;
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
    tokenOneHot: np.array(oneHot(batch.inputIds.flat(), vocab), { shape: [B * T, vocab] }),
    pixelValues: np.array(batch.pixelData, { shape: [B, 3, batch.imageSize, batch.imageSize] }),
    keep: np.array(keep, { shape: [B * T, 1] }),
    select: np.array(select, { shape: [B * T, rows] }),
    attentionMask: np.array(batch.attentionMask, { dtype: np.float32 }),
    nextOneHot: np.array(oneHot(next, vocab), { shape: [B, T - 1, vocab] }),
    lossMask: np.array(batch.lossMask.map((mask) => mask.slice(1)), { dtype: np.float32 }),
  };
}

export function clipBatchArrays(batch: ClipBatch, vocab: number, eosTokenId: number): ClipBatchArrays {
  const n = batch.inputIds.length;
  const length = batch.inputIds[0]!.length;
  return {
    tokenOneHot: np.array(oneHot(batch.inputIds.flat(), vocab), { shape: [n * length, vocab] }),
    endOfText: endOfTextPick(batch.inputIds, eosTokenId),
    pixelValues: np.array(batch.pixelData, { shape: [n, 3, batch.imageSize, batch.imageSize] }),
  };
}
