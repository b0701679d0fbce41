/**
 * The building blocks of a Llama decoder layer, each a pure function over jax Arrays. Like every
 * jax-js function, each one consumes its Array arguments: pass `a.ref` to keep using `a`.
 * Layouts: activations are [batch B, time T, …]; weights are torch Linear [out, in].
 *
 * No division of one traced array by another here: jax-js 0.1.25's JVP rule for `reciprocal`
 * (behind `div`, `nn.softmax`, `nn.sigmoid`) leaks its input once per `grad` call, which in a
 * training loop is an attention matrix per layer per step. exp/log forms below avoid it.
 */
import { lax, numpy as np, type Array as JaxArray } from '@jax-js/jax';

/** x @ weightᵀ for a weight in torch's [out, in] layout. */
export function linear(x: JaxArray, weight: JaxArray): JaxArray {
  return np.matmul(x, weight.transpose());
}

/** RMSNorm over the last axis: x / √(mean(x²) + eps) · weight. */
export function rmsNorm(x: JaxArray, weight: JaxArray, eps: number): JaxArray {
  const meanSquare = np.mean(np.square(x.ref), -1, { keepdims: true });
  const inverseRms = np.exp(np.log(meanSquare.add(eps)).mul(-0.5)); // (ms + eps)^(-1/2)
  return x.mul(inverseRms).mul(weight);
}

/**
 * x, written out as its own buffer in the forward pass and its cotangent likewise in the backward.
 * jax-js fuses the elementwise ops (and views) that produce a matmul's input into the matmul's
 * inner loop, where they run once per output element and are 10–40× slower on wasm than written
 * out once. A reduction ends a fused kernel, so: (x + x) / 2 as a sum over a broadcast pair of
 * axes (exact in floating point); its transpose in the backward pass is again a reduction.
 */
export function materialized(x: JaxArray): JaxArray {
  return np.sum(np.broadcastTo(x.reshape([...x.shape, 1]), [...x.shape, 2]), -1).mul(0.5);
}

/**
 * softmax as exp(x − m − log Σ exp(x − m)): the same values, without the leaking reciprocal. The
 * row's log-sum is written out, so the final kernel does one exp per element rather than an exp
 * and a log; m is any constant per row (the max, outside the gradient: softmax does not depend on it).
 */
function softmax(x: JaxArray, axis: number): JaxArray {
  const shifted = x.ref.sub(lax.stopGradient(np.max(x, axis, { keepdims: true })));
  const logSum = materialized(np.log(np.sum(np.exp(shifted.ref), axis, { keepdims: true })));
  return np.exp(shifted.sub(logSum));
}

/** Rotary embedding tables for given positions, shaped [B, T, 1, headDim] to broadcast over heads. */
export interface Rotary {
  cos: JaxArray;
  sin: JaxArray;
}

/**
 * cos and sin of position · θ^(−2i/headDim), each frequency written twice ([f, f]) to match
 * Hugging Face's rotate_half layout. `positions` is [B, T] and is consumed.
 */
export function rotaryTables(positions: JaxArray, headDim: number, theta: number): Rotary {
  const [B, T] = positions.shape;
  const inverseFrequencies = new Float32Array(headDim / 2);
  for (let i = 0; i < headDim / 2; i++) inverseFrequencies[i] = 1 / theta ** ((2 * i) / headDim);
  const angles = positions.astype(np.float32).reshape([B, T, 1]).mul(np.array(inverseFrequencies)); // [B, T, headDim/2]
  const doubled = np.concatenate([angles.ref, angles], -1).reshape([B, T, 1, headDim]);
  return { cos: np.cos(doubled.ref), sin: np.sin(doubled) };
}

/** Hugging Face's rotate_half: [x1, x2] → [−x2, x1] on the last axis. */
function rotateHalf(x: JaxArray): JaxArray {
  const [x1, x2] = np.split(x, 2, -1);
  return np.concatenate([x2.neg(), x1], -1);
}

/** Rotates queries or keys [B, T, heads, headDim] by their positions' angles. */
export function applyRotary(x: JaxArray, cos: JaxArray, sin: JaxArray): JaxArray {
  return x.ref.mul(cos).add(rotateHalf(x).mul(sin));
}

/** Stands in for −∞ in the attention bias: a fully masked row stays finite (HF uses finfo.min). */
export const MASKED_BIAS = -1e9;

/**
 * Additive attention bias [B, 1, 1, T, T] for causal attention with padding: 0 where query i may
 * read key j (j ≤ i and key j is a real token), MASKED_BIAS elsewhere. `keyMask` is Hugging Face's
 * attention_mask [B, T] (1 = token, 0 = padding) and is consumed.
 */
export function attentionBias(keyMask: JaxArray): JaxArray {
  const [B, T] = keyMask.shape;
  const causal = np.tri(T, T, 0, { dtype: np.float32 }).reshape([1, T, T]);
  const allowed = causal.mul(keyMask.astype(np.float32).reshape([B, 1, T]));
  return allowed.sub(1).mul(-MASKED_BIAS).reshape([B, 1, 1, T, T]);
}

/**
 * Scaled dot-product attention with grouped-query heads: query head h reads key/value head
 * ⌊h / G⌋ with G = heads / kvHeads (HF's repeat_kv), by broadcasting rather than copying.
 * q [B, T, H, hd]; k, v [B, S, KV, hd] (S = T, or more with a KV cache); bias broadcastable to
 * [B, KV, G, T, S] → [B, T, H·hd].
 */
export function groupedQueryAttention(q: JaxArray, k: JaxArray, v: JaxArray, bias: JaxArray): JaxArray {
  const [B, T, H, hd] = q.shape;
  const [, S, KV] = k.shape;
  const G = H / KV;
  const queries = q.reshape([B, T, KV, G, hd]).transpose([0, 2, 3, 1, 4]); // [B, KV, G, T, hd]
  const keysT = k.transpose([0, 2, 3, 1]).reshape([B, KV, 1, hd, S]);
  const values = v.transpose([0, 2, 1, 3]).reshape([B, KV, 1, S, hd]);
  const scores = materialized(
    np
      .matmul(queries, keysT)
      .mul(1 / Math.sqrt(hd))
      .add(bias),
  ); // [B, KV, G, T, S]
  const mixed = np.matmul(softmax(scores, -1), values); // [B, KV, G, T, hd]
  return materialized(mixed.transpose([0, 3, 1, 2, 4]).reshape([B, T, H * hd]));
}
