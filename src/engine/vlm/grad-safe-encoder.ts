/**
 * A gradient-safe twin of the SigLIP/CLIP encoder in ../vision (same tensor names, same maths).
 *
 * Why: under `grad`, jax-js 0.1.25's JVP rule for `reciprocal` leaks one buffer per call — and
 * `np.reciprocal` (vision layerNorm), `nn.dotProductAttention` (softmax) and `nn.sigmoid`
 * (quick_gelu) all go through it. In a training loop that is memory lost on every step (quick_gelu
 * alone would lose the whole MLP activation). Here, as in ../llama/layers.ts, only exp/log forms:
 *   layer norm   (x − μ) · exp(−½·log(σ² + eps))
 *   attention    exp(logSoftmax) via the Llama grouped-query attention with KV heads = heads
 *   quick_gelu   x · exp(logSigmoid(1.702·x))
 * The forward values match ../vision to float32 rounding (checked in grad-safe-encoder.test.ts).
 *
 * Ownership as in ../vision: params borrowed, array arguments consumed, results owned by the caller.
 */
import { nn, numpy as np, type Array as JaxArray } from '@jax-js/jax';
import type { Params } from '../init-weights';
import { attentionBias, groupedQueryAttention } from '../llama/layers';
import { connectorForward, type Idefics3VisionSideConfig } from '../vision';
import { borrow, linear, patchEmbedding, type Activation } from '../vision/layers';
import type { EncoderOptions } from '../vision/transformer-block';
import { VISION_PREFIX } from '../vision/vision-encoder';

/** PyTorch LayerNorm over the last axis, without a reciprocal. */
export function layerNormSafe(params: Params, prefix: string, x: JaxArray, eps: number): JaxArray {
  const mean = x.ref.mean(-1, { keepdims: true });
  const centered = x.sub(mean);
  const variance = np.square(centered.ref).mean(-1, { keepdims: true });
  const inverseStd = np.exp(np.log(variance.add(eps)).mul(-0.5));
  return centered.mul(inverseStd).mul(borrow(params, `${prefix}.weight`)).add(borrow(params, `${prefix}.bias`));
}

function activateSafe(x: JaxArray, activation: Activation): JaxArray {
  if (activation === 'gelu_pytorch_tanh') return nn.gelu(x, { approximate: true });
  return x.ref.mul(np.exp(nn.logSigmoid(x.mul(1.702))));
}

function selfAttentionSafe(params: Params, prefix: string, x: JaxArray, numHeads: number, causal: boolean): JaxArray {
  const [n, length, hidden] = x.shape as [number, number, number];
  const heads = (y: JaxArray) => y.reshape([n, length, numHeads, hidden / numHeads]);
  const query = heads(linear(params, `${prefix}.q_proj`, x.ref));
  const key = heads(linear(params, `${prefix}.k_proj`, x.ref));
  const value = heads(linear(params, `${prefix}.v_proj`, x));
  const bias = causal ? attentionBias(np.ones([1, length])) : np.zeros([1, 1, 1, length, length]);
  return linear(params, `${prefix}.out_proj`, groupedQueryAttention(query, key, value, bias));
}

/** `<prefix>.layers.{i}` applied in order: pre-norm attention and MLP blocks, [N, L, D] → [N, L, D]. */
export function encoderForwardSafe(params: Params, prefix: string, hidden: JaxArray, options: EncoderOptions): JaxArray {
  const eps = options.layerNormEps;
  for (let i = 0; i < options.numLayers; i++) {
    const layer = `${prefix}.layers.${i}`;
    const normed = layerNormSafe(params, `${layer}.layer_norm1`, hidden.ref, eps);
    const attended = hidden.add(selfAttentionSafe(params, `${layer}.self_attn`, normed, options.numHeads, options.causal));
    const normedAgain = layerNormSafe(params, `${layer}.layer_norm2`, attended.ref, eps);
    const mlp = linear(params, `${layer}.mlp.fc2`, activateSafe(linear(params, `${layer}.mlp.fc1`, normedAgain), options.activation));
    hidden = attended.add(mlp);
  }
  return hidden;
}

/** The same as ../vision's `imageFeatures`: pixel_values [N, C, S, S] → [N·imageSeqLen, textHidden]. */
export function imageFeaturesSafe(params: Params, config: Idefics3VisionSideConfig, pixelValues: JaxArray): JaxArray {
  const vision = config.vision_config;
  const [, , height, width] = pixelValues.shape;
  if (height !== vision.image_size || width !== vision.image_size) {
    pixelValues.dispose();
    throw new Error(`The vision encoder takes ${vision.image_size}×${vision.image_size} images, not ${height}×${width}.`);
  }
  const patches = patchEmbedding(params, `${VISION_PREFIX}.embeddings.patch_embedding`, pixelValues, vision.patch_size);
  const embeddings = patches.add(borrow(params, `${VISION_PREFIX}.embeddings.position_embedding.weight`));
  const hidden = encoderForwardSafe(params, `${VISION_PREFIX}.encoder`, embeddings, {
    numLayers: vision.num_hidden_layers,
    numHeads: vision.num_attention_heads,
    layerNormEps: vision.layer_norm_eps,
    activation: 'gelu_pytorch_tanh',
    causal: false,
  });
  const normed = layerNormSafe(params, `${VISION_PREFIX}.post_layernorm`, hidden, vision.layer_norm_eps);
  const tokens = connectorForward(params, config, normed);
  const [n, seqLen, textHidden] = tokens.shape as [number, number, number];
  return tokens.reshape([n * seqLen, textHidden]);
}
