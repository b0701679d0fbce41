/**
 * The Idefics3 connector: pixel shuffle, then `model.connector.modality_projection.proj`
 * (a linear layer without bias, [textHidden, D·s²]).
 *
 * Ownership: params borrowed (`.ref` on every read), `features` consumed, result owned by the
 * caller.
 */
import type { Array as JaxArray } from '@jax-js/jax';
import type { Params } from '../init-weights';
import { linear } from './layers';
import { CONNECTOR_PROJECTION, visionEncoderForward, type Idefics3VisionSideConfig } from './vision-encoder';

/**
 * HF `Idefics3Connector.pixel_shuffle`: [N, seq, D] → [N, seq/s², D·s²], trading resolution for
 * channels. Reading the patches as a square grid x[n, row, col, d] (side = √seq), HF's chain of
 * view → permute → reshape → permute → reshape puts, for output token t = r·(side/s) + c,
 *
 *   out[n, t, (i·s + j)·D + d] = x[n, r·s + i, c·s + j, d]     for 0 ≤ i, j < s,
 *
 * i.e. each s×s neighbourhood becomes one token, its patches in row-major order (row offset i
 * outer, column offset j inner), each contributing its D features contiguously. Here that is one
 * reshape to [N, side/s, s, side/s, s, D] (= n, r, i, c, j, d) and one transpose to (n, r, c, i, j, d).
 */
export function pixelShuffle(features: JaxArray, scaleFactor: number): JaxArray {
  const [n, seq, dim] = features.shape as [number, number, number];
  const side = Math.round(Math.sqrt(seq));
  if (side * side !== seq || side % scaleFactor !== 0) {
    features.dispose();
    throw new Error(`Pixel shuffle needs a square patch grid divisible by ${scaleFactor}; got ${seq} patches.`);
  }
  const coarse = side / scaleFactor;
  return features
    .reshape([n, coarse, scaleFactor, coarse, scaleFactor, dim])
    .transpose([0, 1, 3, 2, 4, 5])
    .reshape([n, coarse * coarse, scaleFactor * scaleFactor * dim]);
}

/** Vision features [N, numPatches, D] → image tokens [N, imageSeqLen, textHidden]. */
export function connectorForward(params: Params, config: Idefics3VisionSideConfig, features: JaxArray): JaxArray {
  return linear(params, CONNECTOR_PROJECTION, pixelShuffle(features, config.scale_factor), { bias: false });
}

/**
 * The ONNX `vision_encoder` contract (`image_features`): pixel_values [N, C, H, W] →
 * [N·imageSeqLen, textHidden], image after image, ready to replace the image tokens' embeddings.
 */
export function imageFeatures(params: Params, config: Idefics3VisionSideConfig, pixelValues: JaxArray): JaxArray {
  const tokens = connectorForward(params, config, visionEncoderForward(params, config, pixelValues));
  const [n, seqLen, textHidden] = tokens.shape as [number, number, number];
  return tokens.reshape([n * seqLen, textHidden]);
}
