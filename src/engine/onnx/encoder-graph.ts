/**
 * The pre-norm transformer encoder of the SigLIP and CLIP towers as graph nodes, mirroring
 * src/engine/vision/transformer-block (HF layout under `<prefix>.layers.{i}`):
 *
 *   h = h + self_attn.out_proj(attention(q_proj(LN1(h)), k_proj(…), v_proj(…)))
 *   h = h + mlp.fc2(act(mlp.fc1(LN2(h))))
 *
 * Shapes are dynamic in batch and sequence; the causal mask is built from the sequence length.
 */
import type { Params } from '../init-weights';
import { geluTanh, layerNorm, linear, mergeHeads, quickGelu, splitHeads } from './graph-layers';
import type { GraphBuilder } from './onnx-builder';

/** Additive bias for masked scores, as the engine's `attentionBias`. */
const MASKED = -1e9;

export interface EncoderGraphOptions {
  numLayers: number;
  numHeads: number;
  hiddenSize: number;
  layerNormEps: number;
  activation: 'gelu_pytorch_tanh' | 'quick_gelu';
  /** Each position attends only to itself and earlier positions. */
  causal: boolean;
}

/** Additive bias [S, S]: 0 where key j ≤ query i, MASKED after it; S is `x`'s axis 1. */
function causalBias(g: GraphBuilder, x: string): string {
  const length = g.op('Squeeze', [g.op('Shape', [x], { start: 1, end: 2 }), g.constInt64([0])]);
  const positions = g.op('Range', [g.constInt64([0], []), length, g.constInt64([1], [])]);
  const visible = g.op('LessOrEqual', [
    g.op('Unsqueeze', [positions, g.constInt64([0])]),
    g.op('Unsqueeze', [positions, g.constInt64([1])]),
  ]);
  return g.op('Where', [visible, g.constFloat([0], []), g.constFloat([MASKED], [])]);
}

/** Multi-head self-attention with biased projections: [N, L, D] → [N, L, D]. */
function selfAttention(
  g: GraphBuilder,
  params: Params,
  prefix: string,
  x: string,
  bias: string | null,
  options: EncoderGraphOptions,
): string {
  const { numHeads: heads, hiddenSize: hidden } = options;
  const headDim = hidden / heads;
  const project = (name: string) => splitHeads(g, linear(g, params, `${prefix}.${name}`, x), heads, headDim);
  const [q, k, v] = [project('q_proj'), project('k_proj'), project('v_proj')];
  const scaled = g.op('Mul', [
    g.op('MatMul', [q, g.op('Transpose', [k], { perm: [0, 1, 3, 2] })]),
    g.constFloat([1 / Math.sqrt(headDim)], []),
  ]);
  const scores = bias ? g.op('Add', [scaled, bias]) : scaled;
  const mixed = g.op('MatMul', [g.op('Softmax', [scores], { axis: -1 }), v]);
  return linear(g, params, `${prefix}.out_proj`, mergeHeads(g, mixed, heads, headDim));
}

function encoderLayer(
  g: GraphBuilder,
  params: Params,
  prefix: string,
  x: string,
  bias: string | null,
  options: EncoderGraphOptions,
): string {
  const eps = options.layerNormEps;
  const normed = layerNorm(g, params, `${prefix}.layer_norm1`, x, eps);
  const afterAttention = g.op('Add', [x, selfAttention(g, params, `${prefix}.self_attn`, normed, bias, options)]);
  const normedAgain = layerNorm(g, params, `${prefix}.layer_norm2`, afterAttention, eps);
  const up = linear(g, params, `${prefix}.mlp.fc1`, normedAgain);
  const activated = options.activation === 'quick_gelu' ? quickGelu(g, up) : geluTanh(g, up);
  return g.op('Add', [afterAttention, linear(g, params, `${prefix}.mlp.fc2`, activated)]);
}

/** `<prefix>.layers.0 … layers.{numLayers-1}` on hidden states [N, L, D]. */
export function encoderGraph(
  g: GraphBuilder,
  params: Params,
  prefix: string,
  x: string,
  options: EncoderGraphOptions,
): string {
  if (options.hiddenSize % options.numHeads !== 0) {
    throw new Error(`Hidden size ${options.hiddenSize} is not divisible by ${options.numHeads} heads.`);
  }
  const bias = options.causal ? causalBias(g, x) : null;
  for (let i = 0; i < options.numLayers; i++) x = encoderLayer(g, params, `${prefix}.layers.${i}`, x, bias, options);
  return x;
}
