/**
 * Exports shapes-clip in the layout transformers.js runs for CLIP (Xenova's exports), mirroring
 * src/engine/clip:
 *
 *   text_model    input_ids [batch, seq] int64
 *                 → text_embeds [batch, projection_dim], last_hidden_state [batch, seq, D]
 *   vision_model  pixel_values [batch, C, S, S] float
 *                 → image_embeds [batch, projection_dim], last_hidden_state [batch, 1 + patches, D]
 *
 * transformers.js feeds a session only the inputs it declares, so the text graph takes no
 * attention_mask: with causal attention, padding after the end-of-text token cannot reach it.
 * The text embedding is read at the first end-of-text token (ArgMax picks the first maximum), the
 * engine's `endOfTextPositions` rule; a text without one is read at position 0.
 */
import type { ClipTextConfig, ClipVisionConfig } from '../clip';
import type { Params } from '../init-weights';
import { encoderGraph } from './encoder-graph';
import { layerNorm, linear, plainWeight } from './graph-layers';
import { GraphBuilder } from './onnx-builder';

/** The two tower configs, as in HF CLIPConfig (`config.json`). */
export interface ClipExportConfig {
  text_config: ClipTextConfig;
  vision_config: ClipVisionConfig;
}

const TEXT = 'text_model';
const VISION = 'vision_model';

/** The `text_model.onnx` bytes for the text tower and `text_projection` in `params` (borrowed). */
export function exportClipTextModel(params: Params, config: ClipTextConfig): Uint8Array {
  const g = new GraphBuilder('text_model');
  const { hidden_size: hidden, layer_norm_eps: eps } = config;
  const ids = g.input('input_ids', 'int64', ['batch_size', 'sequence_length']);

  const tokens = g.op('Gather', [plainWeight(g, params, `${TEXT}.embeddings.token_embedding.weight`), ids], {
    axis: 0,
  });
  const length = g.op('Shape', [ids], { start: 1, end: 2 });
  const positions = g.op('Slice', [
    plainWeight(g, params, `${TEXT}.embeddings.position_embedding.weight`),
    g.constInt64([0]),
    length,
    g.constInt64([0]),
  ]);
  const encoded = encoderGraph(g, params, `${TEXT}.encoder`, g.op('Add', [tokens, positions]), {
    numLayers: config.num_hidden_layers,
    numHeads: config.num_attention_heads,
    hiddenSize: hidden,
    layerNormEps: eps,
    activation: 'quick_gelu',
    causal: true,
  });
  const normed = layerNorm(g, params, `${TEXT}.final_layer_norm`, encoded, eps);

  const isEnd = g.op('Cast', [g.op('Equal', [ids, g.constInt64([config.eos_token_id], [])])], { to: 6 }); // int32
  const endPosition = g.op('ArgMax', [isEnd], { axis: 1, keepdims: 1 }); // [B, 1]
  const pooled = g.op('GatherND', [normed, endPosition], { batch_dims: 1 }); // [B, D]
  const embeds = linear(g, params, 'text_projection', pooled, { bias: false });
  g.output(embeds, 'text_embeds', 'float', ['batch_size', config.projection_dim]);
  g.output(normed, 'last_hidden_state', 'float', ['batch_size', 'sequence_length', hidden]);
  return g.toBytes();
}

/** The `vision_model.onnx` bytes for the vision tower and `visual_projection` in `params` (borrowed). */
export function exportClipVisionModel(params: Params, config: ClipVisionConfig): Uint8Array {
  const g = new GraphBuilder('vision_model');
  const { image_size: size, patch_size: patch, hidden_size: hidden, layer_norm_eps: eps } = config;
  const channels = config.num_channels ?? 3;
  const grid = size / patch;
  if (!Number.isInteger(grid)) throw new Error(`image_size ${size} is not a multiple of patch_size ${patch}.`);
  const tokenCount = grid * grid + 1;
  const pixels = g.input('pixel_values', 'float', ['batch_size', channels, size, size]);

  // Patch embedding as a strided Conv without bias, then [N, D, grid, grid] → [N, grid², D].
  const convWeight = plainWeight(g, params, `${VISION}.embeddings.patch_embedding.weight`);
  const conv = g.op('Conv', [pixels, convWeight], { kernel_shape: [patch, patch], strides: [patch, patch] });
  const patches = g.op('Transpose', [g.op('Reshape', [conv, g.constInt64([0, hidden, grid * grid])])], {
    perm: [0, 2, 1],
  });
  const classShape = g.op('Concat', [g.op('Shape', [pixels], { start: 0, end: 1 }), g.constInt64([1, hidden])], {
    axis: 0,
  });
  const classToken = g.op('Expand', [
    g.op('Reshape', [plainWeight(g, params, `${VISION}.embeddings.class_embedding`), g.constInt64([1, 1, hidden])]),
    classShape,
  ]);
  const embeddings = g.op('Add', [
    g.op('Concat', [classToken, patches], { axis: 1 }),
    plainWeight(g, params, `${VISION}.embeddings.position_embedding.weight`),
  ]);

  const hiddenStates = encoderGraph(
    g,
    params,
    `${VISION}.encoder`,
    layerNorm(g, params, `${VISION}.pre_layrnorm`, embeddings, eps),
    {
      numLayers: config.num_hidden_layers,
      numHeads: config.num_attention_heads,
      hiddenSize: hidden,
      layerNormEps: eps,
      activation: 'quick_gelu',
      causal: false,
    },
  );
  const classState = g.op('Gather', [hiddenStates, g.constInt64([0], [])], { axis: 1 }); // [B, D]
  const pooled = layerNorm(g, params, `${VISION}.post_layernorm`, classState, eps);
  const embeds = linear(g, params, 'visual_projection', pooled, { bias: false });
  g.output(embeds, 'image_embeds', 'float', ['batch_size', config.projection_dim]);
  g.output(hiddenStates, 'last_hidden_state', 'float', ['batch_size', tokenCount, hidden]);
  return g.toBytes();
}

/** `onnx/text_model.onnx` and `onnx/vision_model.onnx` (fp32), the files CLIP…WithProjection load. */
export function exportClipOnnx(params: Params, config: ClipExportConfig): Map<string, Uint8Array> {
  return new Map([
    ['onnx/text_model.onnx', exportClipTextModel(params, config.text_config)],
    ['onnx/vision_model.onnx', exportClipVisionModel(params, config.vision_config)],
  ]);
}
