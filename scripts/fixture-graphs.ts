/**
 * The three ONNX graphs of the tiny random SmolVLM fixture, with the I/O contract transformers.js
 * expects from an Idefics3 export (vision_encoder, embed_tokens, decoder_model_merged).
 *
 * The decoder is a real causal transformer with a KV cache: logits at a position are the same
 * whether the sequence is run in one forward pass or token by token with the cache.
 */
import { GraphBuilder, WeightRandom } from '../src/engine/onnx/onnx-builder';

export interface FixtureDims {
  vocabSize: number;
  hiddenSize: number;
  numLayers: number;
  numHeads: number;
  headDim: number;
  intermediateSize: number;
  /** Side of one square image tile fed to the vision encoder (max_image_size.longest_edge). */
  tileSize: number;
  /** Image tokens per tile (processor_config.image_seq_len); must be a square number. */
  imageSeqLen: number;
}

/**
 * pixel_values [batch, n_images, 3, H, W] + pixel_attention_mask [batch, n_images, H, W]
 * → image_features [n_real_images * image_seq_len, hidden].
 * Tiles whose mask is all false (batch padding) are dropped, as in the real model.
 * Per tile: average-pool to a small grid, a strided conv gives image_seq_len patches, tanh, linear.
 */
export function buildVisionEncoder(dims: FixtureDims, rng: WeightRandom): Uint8Array {
  const g = new GraphBuilder('vision_encoder');
  const { tileSize, hiddenSize: hidden } = dims;
  const grid = Math.round(Math.sqrt(dims.imageSeqLen));
  const pool = tileSize / (grid * 4);
  if (grid * grid !== dims.imageSeqLen || !Number.isInteger(pool)) throw new Error('tileSize/imageSeqLen mismatch');

  const pixels = g.input('pixel_values', 'float', ['batch_size', 'num_images', 3, 'height', 'width']);
  const mask = g.input('pixel_attention_mask', 'bool', ['batch_size', 'num_images', 'height', 'width']);

  const maskF = g.op('Cast', [mask], { to: 1 });
  const masked = g.op('Mul', [pixels, g.op('Unsqueeze', [maskF, g.constInt64([2])])]);
  const tiles = g.op('Reshape', [masked, g.constInt64([-1, 3, tileSize, tileSize])]);

  // Keep only tiles with at least one unmasked pixel.
  const tileMask = g.op('Reshape', [maskF, g.constInt64([-1, tileSize * tileSize])]);
  const anyPixel = g.op('Greater', [g.op('ReduceMax', [tileMask], { axes: [1], keepdims: 0 }), g.constFloat([0], [])]);
  const keep = g.op('Reshape', [g.op('NonZero', [anyPixel]), g.constInt64([-1])]);
  const realTiles = g.op('Gather', [tiles, keep], { axis: 0 });

  const pooled = g.op('AveragePool', [realTiles], { kernel_shape: [pool, pool], strides: [pool, pool] });
  const convW = g.weight('patch_embed.weight', rng.uniform(hidden * 3 * 16, Math.sqrt(3 / 48) * 1.5), [
    hidden,
    3,
    4,
    4,
  ]);
  const convB = g.weight('patch_embed.bias', rng.uniform(hidden, 0.5), [hidden]);
  const patches = g.op('Tanh', [g.op('Conv', [pooled, convW, convB], { kernel_shape: [4, 4], strides: [4, 4] })]);
  const tokens = g.op('Reshape', [g.op('Transpose', [patches], { perm: [0, 2, 3, 1] }), g.constInt64([-1, hidden])]);
  const connector = g.weight('connector.weight', rng.matrix(hidden, hidden, 1.5), [hidden, hidden]);
  g.output(g.op('MatMul', [tokens, connector]), 'image_features', 'float', ['num_image_tokens', hidden]);
  return g.toBytes();
}

/** input_ids [batch, seq] int64 → inputs_embeds [batch, seq, hidden]. */
export function buildEmbedTokens(dims: FixtureDims, rng: WeightRandom): Uint8Array {
  const g = new GraphBuilder('embed_tokens');
  const ids = g.input('input_ids', 'int64', ['batch_size', 'sequence_length']);
  const table = g.weight('embed_tokens.weight', rng.uniform(dims.vocabSize * dims.hiddenSize, Math.sqrt(3)), [
    dims.vocabSize,
    dims.hiddenSize,
  ]);
  g.output(g.op('Gather', [table, ids], { axis: 0 }), 'inputs_embeds', 'float', [
    'batch_size',
    'sequence_length',
    dims.hiddenSize,
  ]);
  return g.toBytes();
}

function layerNorm(g: GraphBuilder, x: string, size: number): string {
  const ones = g.constFloat(new Array<number>(size).fill(1));
  const zeros = g.constFloat(new Array<number>(size).fill(0));
  return g.op('LayerNormalization', [x, ones, zeros], { axis: -1, epsilon: { float: 1e-5 } });
}

/**
 * Decoder: sinusoidal position signal from position_ids, `numLayers` pre-norm blocks of causal
 * multi-head attention (mask = causal ∧ attention_mask) and a tanh MLP, then a linear head.
 * `logitBias` shapes the output distribution (e.g. keeps image tokens from being generated).
 */
export function buildDecoder(
  dims: FixtureDims,
  rng: WeightRandom,
  logitBias: Float32Array,
  logitScale: number,
): Uint8Array {
  const g = new GraphBuilder('decoder_model_merged');
  const { hiddenSize: hidden, numHeads: heads, headDim, numLayers, vocabSize } = dims;
  const kvDims = ['batch_size', heads, 'past_sequence_length', headDim];
  const presentDims = ['batch_size', heads, 'total_sequence_length', headDim];

  const embeds = g.input('inputs_embeds', 'float', ['batch_size', 'sequence_length', hidden]);
  const attentionMask = g.input('attention_mask', 'int64', ['batch_size', 'total_sequence_length']);
  const positionIds = g.input('position_ids', 'int64', ['batch_size', 'sequence_length']);
  const past = Array.from({ length: numLayers }, (_, i) => ({
    key: g.input(`past_key_values.${i}.key`, 'float', kvDims),
    value: g.input(`past_key_values.${i}.value`, 'float', kvDims),
  }));

  // Position signal: 0.5·sin(position·freq + phase), added to the embeddings.
  const freqs = g.weight('position.freqs', rng.uniform(hidden, 1), [hidden]);
  const phases = g.weight('position.phases', rng.uniform(hidden, Math.PI), [hidden]);
  const position = g.op('Unsqueeze', [g.op('Cast', [positionIds], { to: 1 }), g.constInt64([-1])]);
  const angle = g.op('Add', [g.op('Mul', [position, freqs]), phases]);
  let x = g.op('Add', [embeds, g.op('Mul', [g.op('Sin', [angle]), g.constFloat([0.5], [])])]);

  // Additive mask [batch, 1, seq, total]: query i (absolute index past+i) sees key j iff j ≤ past+i
  // and attention_mask[j] = 1.
  const total = g.op('Squeeze', [g.op('Shape', [attentionMask], { start: 1, end: 2 }), g.constInt64([0])]);
  const seq = g.op('Squeeze', [g.op('Shape', [embeds], { start: 1, end: 2 }), g.constInt64([0])]);
  const one = g.constInt64([1], []);
  const queryIndex = g.op('Range', [g.op('Sub', [total, seq]), total, one]);
  const keyIndex = g.op('Range', [g.constInt64([0], []), total, one]);
  const causal = g.op('LessOrEqual', [
    g.op('Unsqueeze', [keyIndex, g.constInt64([0])]),
    g.op('Unsqueeze', [queryIndex, g.constInt64([1])]),
  ]);
  const padding = g.op('Unsqueeze', [g.op('Cast', [attentionMask], { to: 9 }), g.constInt64([1, 2])]);
  const maskBias = g.op('Where', [g.op('And', [causal, padding]), g.constFloat([0], []), g.constFloat([-1e9], [])]);

  const splitHeads = (t: string) =>
    g.op('Transpose', [g.op('Reshape', [t, g.constInt64([0, 0, heads, headDim])])], { perm: [0, 2, 1, 3] });

  for (let i = 0; i < numLayers; i++) {
    const normed = layerNorm(g, x, hidden);
    const project = (name: string) =>
      splitHeads(
        g.op('MatMul', [
          normed,
          g.weight(`layers.${i}.${name}`, rng.matrix(hidden, heads * headDim), [hidden, heads * headDim]),
        ]),
      );
    const q = project('q_proj');
    const key = g.op('Concat', [past[i].key, project('k_proj')], { axis: 2 });
    const value = g.op('Concat', [past[i].value, project('v_proj')], { axis: 2 });
    g.output(key, `present.${i}.key`, 'float', presentDims);
    g.output(value, `present.${i}.value`, 'float', presentDims);

    const scores = g.op('Mul', [
      g.op('MatMul', [q, g.op('Transpose', [key], { perm: [0, 1, 3, 2] })]),
      g.constFloat([2 / Math.sqrt(headDim)], []),
    ]);
    const probs = g.op('Softmax', [g.op('Add', [scores, maskBias])], { axis: -1 });
    const context = g.op('Transpose', [g.op('MatMul', [probs, value])], { perm: [0, 2, 1, 3] });
    const merged = g.op('Reshape', [context, g.constInt64([0, 0, heads * headDim])]);
    const wo = g.weight(`layers.${i}.o_proj`, rng.matrix(heads * headDim, hidden), [heads * headDim, hidden]);
    x = g.op('Add', [x, g.op('MatMul', [merged, wo])]);

    const w1 = g.weight(`layers.${i}.up_proj`, rng.matrix(hidden, dims.intermediateSize, 1.5), [
      hidden,
      dims.intermediateSize,
    ]);
    const w2 = g.weight(`layers.${i}.down_proj`, rng.matrix(dims.intermediateSize, hidden), [
      dims.intermediateSize,
      hidden,
    ]);
    const mlp = g.op('MatMul', [g.op('Tanh', [g.op('MatMul', [layerNorm(g, x, hidden), w1])]), w2]);
    x = g.op('Add', [x, mlp]);
  }

  const head = g.weight('lm_head.weight', rng.matrix(hidden, vocabSize, logitScale), [hidden, vocabSize]);
  const bias = g.weight('lm_head.bias', logitBias, [vocabSize]);
  const logits = g.op('Add', [g.op('MatMul', [layerNorm(g, x, hidden), head]), bias]);
  g.output(logits, 'logits', 'float', ['batch_size', 'sequence_length', vocabSize]);
  return g.toBytes();
}
