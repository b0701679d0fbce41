/**
 * The position-dependent parts of the exported Llama decoder: the attention mask, rotary
 * embeddings computed in-graph from position_ids, and grouped-query attention over the KV cache.
 * All shapes are dynamic in batch, sequence and past length; heads and head size are fixed.
 */
import type { GraphBuilder } from './onnx-builder';

/** Additive bias for masked scores, as the engine's `attentionBias` (HF uses finfo.min). */
const MASKED = -1e9;

/**
 * Additive attention bias [B, 1, 1, S, T] (T = past + S = attention_mask's length): query i, at
 * absolute index T − S + i, may read key j iff j ≤ T − S + i and attention_mask[j] = 1.
 */
export function causalPaddingBias(g: GraphBuilder, embeds: string, attentionMask: string): string {
  const lengthOf = (tensor: string, axis: number) =>
    g.op('Squeeze', [g.op('Shape', [tensor], { start: axis, end: axis + 1 }), g.constInt64([0])]);
  const total = lengthOf(attentionMask, 1);
  const seq = lengthOf(embeds, 1);
  const one = g.constInt64([1], []);
  const queryIndex = g.op('Range', [g.op('Sub', [total, seq]), total, one]);
  const keyIndex = g.op('Range', [g.constInt64([0], []), total, one]);
  const causal = g.op('LessOrEqual', [
    g.op('Unsqueeze', [keyIndex, g.constInt64([0])]),
    g.op('Unsqueeze', [queryIndex, g.constInt64([1])]),
  ]); // [S, T]
  const padding = g.op('Unsqueeze', [g.op('Cast', [attentionMask], { to: 9 }), g.constInt64([1, 2, 3])]); // [B, 1, 1, 1, T]
  return g.op('Where', [g.op('And', [causal, padding]), g.constFloat([0], []), g.constFloat([MASKED], [])]);
}

/** cos and sin tables [B, 1, S, headDim] for rotating [B, heads, S, headDim] queries and keys. */
export interface RotaryTables {
  cos: string;
  sin: string;
}

/** Angles position·θ^(−2i/headDim), each frequency twice ([f, f]) as HF's rotate_half layout wants. */
export function rotaryTables(g: GraphBuilder, positionIds: string, headDim: number, theta: number): RotaryTables {
  const inverseFrequencies = Array.from({ length: headDim / 2 }, (_, i) => 1 / theta ** ((2 * i) / headDim));
  const positions = g.op('Unsqueeze', [g.op('Cast', [positionIds], { to: 1 }), g.constInt64([-1])]); // [B, S, 1]
  const angles = g.op('Mul', [positions, g.constFloat(inverseFrequencies)]); // [B, S, hd/2]
  const doubled = g.op('Unsqueeze', [g.op('Concat', [angles, angles], { axis: -1 }), g.constInt64([1])]);
  return { cos: g.op('Cos', [doubled]), sin: g.op('Sin', [doubled]) };
}

/** x·cos + rotate_half(x)·sin, rotate_half([x1, x2]) = [−x2, x1] on the last axis. */
export function applyRotary(g: GraphBuilder, x: string, rotary: RotaryTables, headDim: number): string {
  const half = headDim / 2;
  const axis = g.constInt64([-1]);
  const x1 = g.op('Slice', [x, g.constInt64([0]), g.constInt64([half]), axis]);
  const x2 = g.op('Slice', [x, g.constInt64([half]), g.constInt64([headDim]), axis]);
  const rotated = g.op('Concat', [g.op('Neg', [x2]), x1], { axis: -1 });
  return g.op('Add', [g.op('Mul', [x, rotary.cos]), g.op('Mul', [rotated, rotary.sin])]);
}

/**
 * Grouped-query attention without copying KV heads: q [B, H, S, hd] is viewed as
 * [B, KV, G, S, hd] (query head h reads KV head ⌊h/G⌋, HF's repeat_kv), keys and values
 * [B, KV, T, hd] get a broadcast group axis. Returns [B, H, S, hd].
 */
export function groupedQueryAttention(
  g: GraphBuilder,
  q: string,
  keys: string,
  values: string,
  bias: string,
  dims: { heads: number; kvHeads: number; headDim: number },
): string {
  const { heads, kvHeads, headDim } = dims;
  const group = heads / kvHeads;
  const queries = g.op('Reshape', [q, g.constInt64([0, kvHeads, group, -1, headDim])]);
  const keysT = g.op('Unsqueeze', [g.op('Transpose', [keys], { perm: [0, 1, 3, 2] }), g.constInt64([2])]);
  const scores = g.op('Add', [
    g.op('Mul', [g.op('MatMul', [queries, keysT]), g.constFloat([1 / Math.sqrt(headDim)], [])]),
    bias,
  ]); // [B, KV, G, S, T]
  const probs = g.op('Softmax', [scores], { axis: -1 });
  const mixed = g.op('MatMul', [probs, g.op('Unsqueeze', [values, g.constInt64([2])])]);
  return g.op('Reshape', [mixed, g.constInt64([0, heads, -1, headDim])]);
}
