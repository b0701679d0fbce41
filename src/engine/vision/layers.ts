/**
 * The small building blocks shared by the SigLIP/Idefics3 vision encoder and the CLIP towers:
 * parameter access, linear layers, layer norm, activations, and patch extraction.
 *
 * Ownership (jax-js moves arrays into every operation):
 * - `params` are borrowed: every read goes through `borrow`, which takes a `.ref`, so the
 *   caller's `Params` stay alive and can be passed to `grad` again and again.
 * - array arguments (activations) are consumed: pass `x.ref` to keep using `x` afterwards.
 * - returned arrays belong to the caller.
 */
import { nn, numpy as np, type Array as JaxArray } from '@jax-js/jax';
import type { Params, weightInitializer } from '../init-weights';

/** A seeded source of initial weights (see `weightInitializer`). */
export type WeightSource = ReturnType<typeof weightInitializer>;

/** A new reference to the parameter `name`; throws one clear sentence when it is missing. */
export function borrow(params: Params, name: string): JaxArray {
  const value = params[name];
  if (!value) throw new Error(`The model has no parameter named ${name}.`);
  return value.ref;
}

/** `x @ weightᵀ (+ bias)` with a PyTorch `nn.Linear` weight of shape [out, in]. */
export function linear(params: Params, prefix: string, x: JaxArray, { bias = true } = {}): JaxArray {
  const y = np.matmul(x, borrow(params, `${prefix}.weight`).transpose());
  return bias ? y.add(borrow(params, `${prefix}.bias`)) : y;
}

/** PyTorch `nn.LayerNorm` over the last axis: biased variance, `eps` inside the square root. */
export function layerNorm(params: Params, prefix: string, x: JaxArray, eps: number): JaxArray {
  const mean = x.ref.mean(-1, { keepdims: true });
  const centered = x.sub(mean);
  const variance = np.square(centered.ref).mean(-1, { keepdims: true });
  // exp(−½·log(σ² + eps)) rather than 1/√(σ² + eps): jax-js 0.1.25 leaks a buffer per grad call
  // through reciprocal (and so through div, softmax and sigmoid).
  const normalized = centered.mul(np.exp(np.log(variance.add(eps)).mul(-0.5)));
  return normalized.mul(borrow(params, `${prefix}.weight`)).add(borrow(params, `${prefix}.bias`));
}

/** The MLP activations of the models here, by their Hugging Face `hidden_act` names. */
export type Activation = 'gelu_pytorch_tanh' | 'quick_gelu';

export function activate(x: JaxArray, activation: Activation): JaxArray {
  switch (activation) {
    case 'gelu_pytorch_tanh':
      // 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), as SigLIP's gelu_pytorch_tanh.
      return nn.gelu(x, { approximate: true });
    case 'quick_gelu':
      // x·σ(1.702·x), as OpenAI CLIP; σ as exp(log σ) to avoid the reciprocal (see layerNorm).
      return x.ref.mul(np.exp(nn.logSigmoid(x.mul(1.702))));
  }
}

/**
 * Cuts images [N, C, H, W] into non-overlapping P×P patches, row-major over the patch grid:
 * [N, (H/P)·(W/P), C·P·P], each patch flattened in (channel, row, column) order. That order
 * matches a conv weight [D, C, P, P] flattened to [D, C·P·P], so `patches @ weightᵀ` equals
 * `Conv2d(kernel=P, stride=P)` followed by HF's `flatten(2).transpose(1, 2)`.
 */
export function imagePatches(pixelValues: JaxArray, patchSize: number): JaxArray {
  const [n, channels, height, width] = pixelValues.shape as [number, number, number, number];
  if (height % patchSize !== 0 || width % patchSize !== 0) {
    throw new Error(`Image size ${height}×${width} is not a multiple of the patch size ${patchSize}.`);
  }
  const rows = height / patchSize;
  const columns = width / patchSize;
  return pixelValues
    .reshape([n, channels, rows, patchSize, columns, patchSize])
    .transpose([0, 2, 4, 1, 3, 5])
    .reshape([n, rows * columns, channels * patchSize * patchSize]);
}

/** A conv patch embedding [D, C, P, P] applied to `imagePatches`, as a matmul: [N, patches, D]. */
export function patchEmbedding(
  params: Params,
  prefix: string,
  pixelValues: JaxArray,
  patchSize: number,
  { bias = true } = {},
): JaxArray {
  const weight = borrow(params, `${prefix}.weight`);
  const [hidden, channels] = weight.shape as [number, number];
  const patches = imagePatches(pixelValues, patchSize);
  const y = np.matmul(patches, weight.reshape([hidden, channels * patchSize * patchSize]).transpose());
  return bias ? y.add(borrow(params, `${prefix}.bias`)) : y;
}

/** Initial weights of an `nn.Linear(inFeatures, outFeatures)`: N(0, std²) weight, zero bias. */
export function initLinear(
  source: WeightSource,
  prefix: string,
  outFeatures: number,
  inFeatures: number,
  std: number,
  { bias = true } = {},
): Params {
  const params: Params = { [`${prefix}.weight`]: source.normal([outFeatures, inFeatures], std) };
  if (bias) params[`${prefix}.bias`] = source.constant([outFeatures], 0);
  return params;
}

/** Initial weights of an `nn.LayerNorm(dim)`: unit scale, zero shift. */
export function initLayerNorm(source: WeightSource, prefix: string, dim: number): Params {
  return { [`${prefix}.weight`]: source.constant([dim], 1), [`${prefix}.bias`]: source.constant([dim], 0) };
}
