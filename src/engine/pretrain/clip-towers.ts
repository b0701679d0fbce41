/**
 * The CLIP model of shapes-clip for training: both towers in HF CLIPModel names
 * (`text_model.*`, `vision_model.*`, `text_projection`, `visual_projection`, `logit_scale`), with
 * the same maths as ../clip but through the gradient-safe encoder (see ../vlm/grad-safe-encoder),
 * so a training step gives back all its memory.
 *
 * Ownership: params borrowed, array arguments consumed, results owned by the caller.
 */
import { nn, numpy as np, type Array as JaxArray } from '@jax-js/jax';
import { embedTokens, endOfTextPositions, initClipTextParams, initClipVisionParams } from '../clip';
import type { Params } from '../init-weights';
import { borrow, linear, patchEmbedding } from '../vision/layers';
import { encoderForwardSafe, layerNormSafe } from '../vlm/grad-safe-encoder';
import { RECIPE, type ClipModelConfig } from './recipe';

export const LOGIT_SCALE = 'logit_scale';

/**
 * Text tower (seed), vision tower (seed + 1) and the learned log-temperature. Weights ~ N(0, std²)
 * with std = RECIPE.clip.initStd: HF's 0.02 suits 768-wide towers; in these 64-wide ones the [CLS]
 * output then hardly depends on the image, and InfoNCE collapses to ln(batch) within a few steps.
 */
export function initClipModelParams(config: ClipModelConfig, seed: number, std: number = RECIPE.clip.initStd): Params {
  return {
    ...initClipTextParams(config.text_config, seed, { std }),
    ...initClipVisionParams(config.vision_config, seed + 1, { std }),
    [LOGIT_SCALE]: np.array(config.logit_scale_init_value ?? RECIPE.clip.logitScaleInit),
  };
}

/** Token ids [N][T] (each with an end-of-text token) → text_embeds [N, projection_dim]. */
export function clipTextEmbeds(params: Params, config: ClipModelConfig, inputIds: number[][]): JaxArray {
  const text = config.text_config;
  const endOfText = endOfTextPositions(inputIds, text.eos_token_id);
  const [n, length] = [inputIds.length, inputIds[0]!.length];
  const hidden = encoderForwardSafe(params, 'text_model.encoder', embedTokens(params, text, inputIds), {
    numLayers: text.num_hidden_layers,
    numHeads: text.num_attention_heads,
    layerNormEps: text.layer_norm_eps,
    activation: 'quick_gelu',
    causal: true,
  });
  const normed = layerNormSafe(params, 'text_model.final_layer_norm', hidden, text.layer_norm_eps);
  const pick = new Float32Array(n * length);
  endOfText.forEach((position, row) => (pick[row * length + position] = 1));
  const pooled = normed.mul(np.array(pick, { shape: [n, length, 1] })).sum(1);
  return linear(params, 'text_projection', pooled, { bias: false });
}

/** pixel_values [N, 3, S, S] → image_embeds [N, projection_dim]. */
export function clipImageEmbeds(params: Params, config: ClipModelConfig, pixelValues: JaxArray): JaxArray {
  const vision = config.vision_config;
  const [n] = pixelValues.shape as [number];
  const d = vision.hidden_size;
  const patches = patchEmbedding(params, 'vision_model.embeddings.patch_embedding', pixelValues, vision.patch_size, { bias: false });
  const classToken = np.broadcastTo(borrow(params, 'vision_model.embeddings.class_embedding').reshape([1, 1, d]), [n, 1, d]);
  const embeddings = np.concatenate([classToken, patches], 1).add(borrow(params, 'vision_model.embeddings.position_embedding.weight'));
  const hidden = encoderForwardSafe(params, 'vision_model.encoder', layerNormSafe(params, 'vision_model.pre_layrnorm', embeddings, vision.layer_norm_eps), {
    numLayers: vision.num_hidden_layers,
    numHeads: vision.num_attention_heads,
    layerNormEps: vision.layer_norm_eps,
    activation: 'quick_gelu',
    causal: false,
  });
  const pooled = layerNormSafe(params, 'vision_model.post_layernorm', hidden.slice([], 0), vision.layer_norm_eps);
  return linear(params, 'visual_projection', pooled, { bias: false });
}

/** x / ‖x‖ over the last axis, as exp(−½·log Σx²): no division under `grad`. */
function l2NormalizeSafe(x: JaxArray): JaxArray {
  return x.ref.mul(np.exp(np.log(np.sum(np.square(x), -1, { keepdims: true })).mul(-0.5)));
}

/**
 * CLIP's symmetric InfoNCE (as ../losses `clipInfoNce`, same values) without divisions: row i of
 * both embeddings is a positive pair; scale = min(exp(logit_scale), 100).
 */
export function clipContrastiveLoss(imageEmbeds: JaxArray, textEmbeds: JaxArray, logitScale: JaxArray): JaxArray {
  const n = imageEmbeds.shape[0]!;
  const scale = np.minimum(np.exp(logitScale), 100);
  const logits = np.matmul(l2NormalizeSafe(imageEmbeds), np.matrixTranspose(l2NormalizeSafe(textEmbeds))).mul(scale);
  const diagonal = np.array(Float32Array.from({ length: n * n }, (_, k) => (k % (n + 1) === 0 ? 1 : 0)), { shape: [n, n] });
  const imageLoss = np.sum(nn.logSoftmax(logits.ref, -1).mul(diagonal.ref));
  const textLoss = np.sum(nn.logSoftmax(np.matrixTranspose(logits), -1).mul(diagonal));
  return imageLoss.add(textLoss).mul(-0.5 / n);
}
