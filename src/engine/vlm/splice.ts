/**
 * Puts image features where the `<image>` tokens are, as Idefics3's `inputs_merger` does: the
 * k-th image token of the batch (row-major over [B, T]) gets the k-th feature row.
 *
 * Differentiable w.r.t. both the token embeddings and the features, with no gather or scatter:
 *   out = embeds · keep + select @ features
 * where keep [B·T, 1] is 0 at image tokens and 1 elsewhere, and select [B·T, N·S] is a constant
 * 0/1 matrix with one 1 per image-token row. Both are data built in JS from the token ids.
 *
 * Ownership: `embeds` and `features` are consumed; the result belongs to the caller.
 */
import { numpy as np, type Array as JaxArray } from '@jax-js/jax';

/** Flat positions b·T + t of the image tokens, in order; checks rows have equal lengths. */
export function imageTokenPositions(inputIds: number[][], imageTokenId: number): number[] {
  const length = inputIds[0]?.length ?? 0;
  const positions: number[] = [];
  inputIds.forEach((ids, b) => {
    if (ids.length !== length) throw new Error('All sequences in a batch must have the same length; pad them.');
    ids.forEach((id, t) => {
      if (id === imageTokenId) positions.push(b * length + t);
    });
  });
  return positions;
}

/** The constant splice matrices of a batch: keep [B·T] (0 at image tokens) and select [B·T, rows]. */
export function spliceMatrices(
  inputIds: number[][],
  imageTokenId: number,
): { keep: Float32Array; select: Float32Array; rows: number } {
  const positions = imageTokenPositions(inputIds, imageTokenId);
  const rows = positions.length;
  const cells = inputIds.length * (inputIds[0]?.length ?? 0);
  const keep = new Float32Array(cells).fill(1);
  const select = new Float32Array(cells * rows);
  positions.forEach((position, row) => {
    keep[position] = 0;
    select[position * rows + row] = 1;
  });
  return { keep, select, rows };
}

/** embeds [B·T, D] · keep [B·T, 1] + select [B·T, rows] @ features [rows, D]; consumes all four. */
export function placeImageFeatures(embeds: JaxArray, features: JaxArray, keep: JaxArray, select: JaxArray): JaxArray {
  return embeds.mul(keep).add(np.matmul(select, features));
}

/** embeds [B, T, D], features [N·S, D] → [B, T, D] with feature rows at the image tokens. */
export function spliceImageFeatures(
  embeds: JaxArray,
  features: JaxArray,
  inputIds: number[][],
  imageTokenId: number,
): JaxArray {
  const [B, T, D] = embeds.shape as [number, number, number];
  const [rows, width] = features.shape as [number, number];
  const matrices = spliceMatrices(inputIds, imageTokenId);
  if (matrices.rows !== rows || width !== D || inputIds.length !== B || (inputIds[0]?.length ?? 0) !== T) {
    embeds.dispose();
    features.dispose();
    throw new Error(
      `The batch has ${matrices.rows} image tokens but ${rows} image feature rows of width ${width} for embeddings [${B}, ${T}, ${D}].`,
    );
  }
  if (rows === 0) {
    features.dispose();
    return embeds;
  }
  const keep = np.array(matrices.keep, { shape: [B * T, 1] });
  const select = np.array(matrices.select, { shape: [B * T, rows] });
  return placeImageFeatures(embeds.reshape([B * T, D]), features, keep, select).reshape([B, T, D]);
}
