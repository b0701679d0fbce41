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

/** embeds [B, T, D], features [N·S, D] → [B, T, D] with feature rows at the image tokens. */
export function spliceImageFeatures(
  embeds: JaxArray,
  features: JaxArray,
  inputIds: number[][],
  imageTokenId: number,
): JaxArray {
  const [B, T, D] = embeds.shape as [number, number, number];
  const [rows, width] = features.shape as [number, number];
  const positions = imageTokenPositions(inputIds, imageTokenId);
  if (positions.length !== rows || width !== D || inputIds.length !== B || (inputIds[0]?.length ?? 0) !== T) {
    embeds.dispose();
    features.dispose();
    throw new Error(
      `The batch has ${positions.length} image tokens but ${rows} image feature rows of width ${width} for embeddings [${B}, ${T}, ${D}].`,
    );
  }
  if (rows === 0) {
    features.dispose();
    return embeds;
  }
  const keep = new Float32Array(B * T).fill(1);
  const select = new Float32Array(B * T * rows);
  positions.forEach((position, row) => {
    keep[position] = 0;
    select[position * rows + row] = 1;
  });
  const kept = embeds.reshape([B * T, D]).mul(np.array(keep, { shape: [B * T, 1] }));
  const placed = np.matmul(np.array(select, { shape: [B * T, rows] }), features);
  return kept.add(placed).reshape([B, T, D]);
}
