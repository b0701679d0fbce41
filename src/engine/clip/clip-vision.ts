/**
 * The CLIP vision tower with its projection, in HF CLIPVisionModelWithProjection names:
 *
 *   vision_model.embeddings.patch_embedding  Conv2d(3, D, kernel = stride = patch), NO bias
 *   vision_model.embeddings.class_embedding  [D], the learned [CLS] token put before the patches
 *   vision_model.embeddings.position_embedding  [numPatches + 1, D]
 *   vision_model.pre_layrnorm  (HF's spelling) on the embeddings
 *   vision_model.encoder.layers.{i}  pre-norm blocks, bidirectional attention, quick_gelu MLP
 *   vision_model.post_layernorm  on the [CLS] state only
 *   visual_projection  [projection_dim, D], no bias
 *
 * Ownership: params borrowed (`.ref` on every read), `pixelValues` consumed, result owned by the
 * caller.
 */
import { numpy as np, type Array as JaxArray } from '@jax-js/jax';
import { weightInitializer, type Params } from '../init-weights';
import { borrow, initLayerNorm, initLinear, layerNorm, linear, patchEmbedding } from '../vision/layers';
import { encoderForward, initEncoderParams } from '../vision/transformer-block';
import type { ClipVisionConfig } from './clip-config';

const PREFIX = 'vision_model';
const VISUAL_PROJECTION = 'visual_projection';

function numPositions(config: ClipVisionConfig): number {
  return (config.image_size / config.patch_size) ** 2 + 1;
}

export function initClipVisionParams(config: ClipVisionConfig, seed: number, { std = 0.02 } = {}): Params {
  const { hidden_size: d, patch_size: p } = config;
  const source = weightInitializer(seed);
  return {
    [`${PREFIX}.embeddings.class_embedding`]: source.normal([d], std),
    [`${PREFIX}.embeddings.patch_embedding.weight`]: source.normal([d, config.num_channels ?? 3, p, p], std),
    [`${PREFIX}.embeddings.position_embedding.weight`]: source.normal([numPositions(config), d], std),
    ...initLayerNorm(source, `${PREFIX}.pre_layrnorm`, d),
    ...initEncoderParams(
      source,
      `${PREFIX}.encoder`,
      { numLayers: config.num_hidden_layers, hiddenSize: d, intermediateSize: config.intermediate_size },
      std,
    ),
    ...initLayerNorm(source, `${PREFIX}.post_layernorm`, d),
    ...initLinear(source, VISUAL_PROJECTION, config.projection_dim, d, std, { bias: false }),
  };
}

/** pixel_values [N, C, image_size, image_size] (CLIP-normalised) → image_embeds [N, projection_dim]. */
export function clipVisionForward(params: Params, config: ClipVisionConfig, pixelValues: JaxArray): JaxArray {
  const [n, , height, width] = pixelValues.shape as [number, number, number, number];
  if (height !== config.image_size || width !== config.image_size) {
    pixelValues.dispose();
    throw new Error(
      `The CLIP vision tower takes ${config.image_size}×${config.image_size} images, not ${height}×${width}.`,
    );
  }
  const d = config.hidden_size;
  const patches = patchEmbedding(params, `${PREFIX}.embeddings.patch_embedding`, pixelValues, config.patch_size, {
    bias: false,
  });
  const classToken = np.broadcastTo(borrow(params, `${PREFIX}.embeddings.class_embedding`).reshape([1, 1, d]), [
    n,
    1,
    d,
  ]);
  const embeddings = np
    .concatenate([classToken, patches], 1)
    .add(borrow(params, `${PREFIX}.embeddings.position_embedding.weight`));
  const hidden = encoderForward(
    params,
    `${PREFIX}.encoder`,
    layerNorm(params, `${PREFIX}.pre_layrnorm`, embeddings, config.layer_norm_eps),
    {
      numLayers: config.num_hidden_layers,
      numHeads: config.num_attention_heads,
      layerNormEps: config.layer_norm_eps,
      activation: 'quick_gelu',
      causal: false,
    },
  );
  const classState = hidden.slice([], 0);
  const pooled = layerNorm(params, `${PREFIX}.post_layernorm`, classState, config.layer_norm_eps);
  return linear(params, VISUAL_PROJECTION, pooled, { bias: false });
}
