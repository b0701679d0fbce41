/**
 * The pre-norm transformer encoder layer shared by SigLIP (Idefics3's vision model), the CLIP
 * text encoder and the CLIP vision tower. All three use the same Hugging Face layout under
 * `<prefix>.layers.{i}`:
 *
 *   h = h + self_attn.out_proj(attention(q_proj(LN1(h)), k_proj(…), v_proj(…)))
 *   h = h + mlp.fc2(act(mlp.fc1(LN2(h))))
 *
 * They differ only in the mask (CLIP text is causal, the vision models are bidirectional) and the
 * activation (gelu_pytorch_tanh for SigLIP, quick_gelu for CLIP).
 *
 * Ownership: params borrowed (`.ref` on every read), `hidden` consumed, result owned by the caller.
 */
import { numpy as np, type Array as JaxArray } from '@jax-js/jax';
import type { Params } from '../init-weights';
import { attentionBias, groupedQueryAttention } from '../llama/layers';
import { activate, initLayerNorm, initLinear, layerNorm, linear, type Activation, type WeightSource } from './layers';

export interface EncoderOptions {
  numLayers: number;
  numHeads: number;
  layerNormEps: number;
  activation: Activation;
  /** Each position attends only to itself and earlier positions. */
  causal: boolean;
}

/** Multi-head self-attention with biased q/k/v/out projections, scores scaled by 1/√headDim. */
function selfAttention(params: Params, prefix: string, x: JaxArray, numHeads: number, causal: boolean): JaxArray {
  const [n, length, hidden] = x.shape as [number, number, number];
  if (hidden % numHeads !== 0) throw new Error(`Hidden size ${hidden} is not divisible by ${numHeads} heads.`);
  const heads = (y: JaxArray) => y.reshape([n, length, numHeads, hidden / numHeads]);
  const query = heads(linear(params, `${prefix}.q_proj`, x.ref));
  const key = heads(linear(params, `${prefix}.k_proj`, x.ref));
  const value = heads(linear(params, `${prefix}.v_proj`, x));
  // The decoder's attention (one KV head per query head here): its softmax avoids the reciprocal
  // that leaks under grad in jax-js 0.1.25, which nn.dotProductAttention goes through.
  const bias = causal ? attentionBias(np.ones([1, length])) : np.zeros([1, 1, 1, length, length]);
  return linear(params, `${prefix}.out_proj`, groupedQueryAttention(query, key, value, bias));
}

function feedForward(params: Params, prefix: string, x: JaxArray, activation: Activation): JaxArray {
  return linear(params, `${prefix}.fc2`, activate(linear(params, `${prefix}.fc1`, x), activation));
}

/** One pre-norm encoder layer: [N, L, D] → [N, L, D]. */
export function encoderLayer(params: Params, prefix: string, hidden: JaxArray, options: EncoderOptions): JaxArray {
  const { layerNormEps: eps } = options;
  const normed = layerNorm(params, `${prefix}.layer_norm1`, hidden.ref, eps);
  const afterAttention = hidden.add(
    selfAttention(params, `${prefix}.self_attn`, normed, options.numHeads, options.causal),
  );
  const normedAgain = layerNorm(params, `${prefix}.layer_norm2`, afterAttention.ref, eps);
  return afterAttention.add(feedForward(params, `${prefix}.mlp`, normedAgain, options.activation));
}

/** `<prefix>.layers.0 … layers.{numLayers-1}` applied in order (HF's `…Encoder`). */
export function encoderForward(params: Params, prefix: string, hidden: JaxArray, options: EncoderOptions): JaxArray {
  for (let i = 0; i < options.numLayers; i++) hidden = encoderLayer(params, `${prefix}.layers.${i}`, hidden, options);
  return hidden;
}

export interface EncoderShape {
  numLayers: number;
  hiddenSize: number;
  intermediateSize: number;
}

/** Initial weights for `<prefix>.layers.{i}`, in a fixed order so a seed always gives the same model. */
export function initEncoderParams(source: WeightSource, prefix: string, shape: EncoderShape, std: number): Params {
  const { hiddenSize: d, intermediateSize: ff } = shape;
  const params: Params = {};
  for (let i = 0; i < shape.numLayers; i++) {
    const layer = `${prefix}.layers.${i}`;
    Object.assign(
      params,
      initLayerNorm(source, `${layer}.layer_norm1`, d),
      initLinear(source, `${layer}.self_attn.q_proj`, d, d, std),
      initLinear(source, `${layer}.self_attn.k_proj`, d, d, std),
      initLinear(source, `${layer}.self_attn.v_proj`, d, d, std),
      initLinear(source, `${layer}.self_attn.out_proj`, d, d, std),
      initLayerNorm(source, `${layer}.layer_norm2`, d),
      initLinear(source, `${layer}.mlp.fc1`, ff, d, std),
      initLinear(source, `${layer}.mlp.fc2`, d, ff, std),
    );
  }
  return params;
}
