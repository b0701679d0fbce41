/**
 * Exports `onnx/vision_encoder.onnx` and `onnx/embed_tokens.onnx` in the layout transformers.js
 * runs for SmolVLM/Idefics3 (reference/stack.md §1.3), mirroring src/engine/vision and
 * `embedTokens`:
 *
 *   vision_encoder  pixel_values [batch, n_images, 3, H, W] float
 *                   + pixel_attention_mask [batch, n_images, H, W] bool
 *                   → image_features [n_kept · image_seq_len, text_hidden]
 *   embed_tokens    input_ids [batch, seq] int64 → inputs_embeds [batch, seq, D]
 *
 * Tiles whose mask is all false (batch padding added by the processor) are dropped, as in the
 * real model. A kept tile is encoded whole: like the engine, the export assumes every tile is a
 * full image_size square (what Idefics3's processor produces), so partial masks are not used for
 * patch-level attention masking.
 */
import type { Params } from '../init-weights';
import type { LlamaNames } from '../llama/config';
import {
  CONNECTOR_PROJECTION,
  VISION_PREFIX,
  numPatches,
  type Idefics3VisionSideConfig,
} from '../vision/vision-encoder';
import { encoderGraph } from './encoder-graph';
import { layerNorm, linear, plainWeight } from './graph-layers';
import { GraphBuilder } from './onnx-builder';

/** Keeps the tiles [N, 3, S, S] of `pixels` whose mask has at least one true pixel. */
function keepRealTiles(g: GraphBuilder, pixels: string, mask: string, channels: number, size: number): string {
  const tiles = g.op('Reshape', [pixels, g.constInt64([-1, channels, size, size])]);
  const tileMask = g.op('Reshape', [g.op('Cast', [mask], { to: 1 }), g.constInt64([-1, size * size])]);
  const anyPixel = g.op('Greater', [g.op('ReduceMax', [tileMask], { axes: [1], keepdims: 0 }), g.constFloat([0], [])]);
  const keep = g.op('Reshape', [g.op('NonZero', [anyPixel]), g.constInt64([-1])]);
  return g.op('Gather', [tiles, keep], { axis: 0 });
}

/** The `vision_encoder.onnx` bytes for the vision model and connector in `params` (borrowed). */
export function exportVisionEncoder(params: Params, config: Idefics3VisionSideConfig): Uint8Array {
  const g = new GraphBuilder('vision_encoder');
  const vision = config.vision_config;
  const { image_size: size, patch_size: patch, hidden_size: hidden } = vision;
  const channels = vision.num_channels ?? 3;
  const scale = config.scale_factor;
  const grid = size / patch;
  const coarse = grid / scale;
  const textHidden = config.text_config.hidden_size;
  if (!Number.isInteger(grid) || !Number.isInteger(coarse)) {
    throw new Error(`image_size ${size}, patch_size ${patch} and scale_factor ${scale} do not tile evenly.`);
  }

  const pixels = g.input('pixel_values', 'float', ['batch_size', 'num_images', channels, size, size]);
  const mask = g.input('pixel_attention_mask', 'bool', ['batch_size', 'num_images', size, size]);
  const tiles = keepRealTiles(g, pixels, mask, channels, size);

  // Patch embedding as a strided Conv, then [N, D, grid, grid] → [N, grid², D] (row-major patches).
  const convWeight = plainWeight(g, params, `${VISION_PREFIX}.embeddings.patch_embedding.weight`);
  const convBias = plainWeight(g, params, `${VISION_PREFIX}.embeddings.patch_embedding.bias`);
  const conv = g.op('Conv', [tiles, convWeight, convBias], { kernel_shape: [patch, patch], strides: [patch, patch] });
  const patches = g.op('Transpose', [g.op('Reshape', [conv, g.constInt64([0, hidden, numPatches(vision)])])], {
    perm: [0, 2, 1],
  });
  let x = g.op('Add', [patches, plainWeight(g, params, `${VISION_PREFIX}.embeddings.position_embedding.weight`)]);

  x = encoderGraph(g, params, `${VISION_PREFIX}.encoder`, x, {
    numLayers: vision.num_hidden_layers,
    numHeads: vision.num_attention_heads,
    hiddenSize: hidden,
    layerNormEps: vision.layer_norm_eps,
    activation: 'gelu_pytorch_tanh',
    causal: false,
  });
  x = layerNorm(g, params, `${VISION_PREFIX}.post_layernorm`, x, vision.layer_norm_eps);

  // Pixel shuffle, as src/engine/vision pixelShuffle: (n, r, i, c, j, d) → (n, r, c, i, j, d).
  const blocks = g.op('Reshape', [x, g.constInt64([-1, coarse, scale, coarse, scale, hidden])]);
  const shuffled = g.op('Transpose', [blocks], { perm: [0, 1, 3, 2, 4, 5] });
  const tokens = g.op('Reshape', [shuffled, g.constInt64([-1, scale * scale * hidden])]);
  // Kept tiles in order, each as coarse² = image_seq_len rows.
  const features = linear(g, params, CONNECTOR_PROJECTION, tokens, { bias: false });
  g.output(features, 'image_features', 'float', ['num_image_tokens', textHidden]);
  return g.toBytes();
}

/** The `embed_tokens.onnx` bytes: a Gather from the embedding matrix in `params` (borrowed). */
export function exportEmbedTokens(params: Params, names: LlamaNames): Uint8Array {
  const g = new GraphBuilder('embed_tokens');
  const table = plainWeight(g, params, names.embedTokens);
  const ids = g.input('input_ids', 'int64', ['batch_size', 'sequence_length']);
  const D = params[names.embedTokens].shape[1];
  g.output(g.op('Gather', [table, ids], { axis: 0 }), 'inputs_embeds', 'float', ['batch_size', 'sequence_length', D]);
  return g.toBytes();
}
