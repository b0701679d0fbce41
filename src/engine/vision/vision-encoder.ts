/**
 * The SigLIP vision transformer of Idefics3 / SmolVLM, with Hugging Face tensor names under
 * `model.vision_model.` (Idefics3VisionTransformer):
 *
 *   embeddings.patch_embedding  Conv2d(3, D, kernel = stride = patch_size), with bias
 *   embeddings.position_embedding  [numPatches, D], one row per patch (row-major grid)
 *   encoder.layers.{i}  pre-norm blocks, bidirectional attention, gelu_pytorch_tanh MLP
 *   post_layernorm
 *
 * Images are always the full `image_size` square, so every patch is real and the position ids
 * are simply 0…numPatches-1 (HF's bucketized ids reduce to that when nothing is padded).
 *
 * Ownership: params borrowed (`.ref` on every read), `pixelValues` consumed, result owned by
 * the caller.
 */
import type { Array as JaxArray } from '@jax-js/jax';
import { weightInitializer, type Params } from '../init-weights';
import { borrow, initLayerNorm, initLinear, layerNorm, patchEmbedding } from './layers';
import { encoderForward, initEncoderParams, type EncoderOptions } from './transformer-block';

/** The Idefics3VisionConfig fields the encoder reads, by their HF names. */
export interface VisionConfig {
  hidden_size: number;
  intermediate_size: number;
  num_hidden_layers: number;
  num_attention_heads: number;
  image_size: number;
  patch_size: number;
  layer_norm_eps: number;
  num_channels?: number;
}

/** The Idefics3Config fields the vision encoder and the connector read, by their HF names. */
export interface Idefics3VisionSideConfig {
  vision_config: VisionConfig;
  text_config: { hidden_size: number };
  scale_factor: number;
}

export const VISION_PREFIX = 'model.vision_model';
export const CONNECTOR_PROJECTION = 'model.connector.modality_projection.proj';

export function numPatches(vision: VisionConfig): number {
  return (vision.image_size / vision.patch_size) ** 2;
}

/** Image tokens per image after the pixel shuffle: 64 for SmolVLM-256M (512 px, patch 16, ×4). */
export function imageSeqLen(config: Idefics3VisionSideConfig): number {
  return numPatches(config.vision_config) / config.scale_factor ** 2;
}

function encoderOptions(vision: VisionConfig): EncoderOptions {
  return {
    numLayers: vision.num_hidden_layers,
    numHeads: vision.num_attention_heads,
    layerNormEps: vision.layer_norm_eps,
    activation: 'gelu_pytorch_tanh',
    causal: false,
  };
}

/** Seeded initial weights for the vision model and the connector projection. */
export function initVisionParams(config: Idefics3VisionSideConfig, seed: number, { std = 0.02 } = {}): Params {
  const vision = config.vision_config;
  const { hidden_size: d, patch_size: p } = vision;
  const channels = vision.num_channels ?? 3;
  const source = weightInitializer(seed);
  return {
    [`${VISION_PREFIX}.embeddings.patch_embedding.weight`]: source.normal([d, channels, p, p], std),
    [`${VISION_PREFIX}.embeddings.patch_embedding.bias`]: source.constant([d], 0),
    [`${VISION_PREFIX}.embeddings.position_embedding.weight`]: source.normal([numPatches(vision), d], std),
    ...initEncoderParams(
      source,
      `${VISION_PREFIX}.encoder`,
      { numLayers: vision.num_hidden_layers, hiddenSize: d, intermediateSize: vision.intermediate_size },
      std,
    ),
    ...initLayerNorm(source, `${VISION_PREFIX}.post_layernorm`, d),
    ...initLinear(source, CONNECTOR_PROJECTION, config.text_config.hidden_size, d * config.scale_factor ** 2, std, {
      bias: false,
    }),
  };
}

/** pixel_values [N, C, image_size, image_size] (normalised) → last_hidden_state [N, numPatches, D]. */
export function visionEncoderForward(
  params: Params,
  config: Idefics3VisionSideConfig,
  pixelValues: JaxArray,
): JaxArray {
  const vision = config.vision_config;
  const [, , height, width] = pixelValues.shape;
  if (height !== vision.image_size || width !== vision.image_size) {
    pixelValues.dispose();
    throw new Error(
      `The vision encoder takes ${vision.image_size}×${vision.image_size} images, not ${height}×${width}.`,
    );
  }
  const patches = patchEmbedding(params, `${VISION_PREFIX}.embeddings.patch_embedding`, pixelValues, vision.patch_size);
  const embeddings = patches.add(borrow(params, `${VISION_PREFIX}.embeddings.position_embedding.weight`));
  const hidden = encoderForward(params, `${VISION_PREFIX}.encoder`, embeddings, encoderOptions(vision));
  return layerNorm(params, `${VISION_PREFIX}.post_layernorm`, hidden, vision.layer_norm_eps);
}
