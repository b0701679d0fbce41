/**
 * The CLIP model of shapes-clip for training: both towers of ../clip in HF CLIPModel names
 * (`text_model.*`, `vision_model.*`, `text_projection`, `visual_projection`) plus the learned
 * log-temperature `logit_scale`.
 */
import { numpy as np } from '@jax-js/jax';
import { initClipTextParams, initClipVisionParams } from '../engine/clip';
import type { Params } from '../engine/init-weights';
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
