import type { Params } from '../init-weights';
import { initLlamaParams } from '../llama/init-llama';
import { initVisionParams } from '../vision';
import { checkVlmConfig, VLM_TEXT_NAMES, type VlmConfig } from './config';

/**
 * Fresh weights for the whole Idefics3 model under its Hugging Face names:
 *   model.vision_model.*                               SigLIP encoder (seed)
 *   model.connector.modality_projection.proj.weight    connector (seed)
 *   model.text_model.*                                 Llama decoder (seed + 1)
 *   lm_head.weight                                     unless tie_word_embeddings
 * Deterministic in (config, seed).
 */
export function initVlmParams(config: VlmConfig, seed: number): Params {
  checkVlmConfig(config);
  const std = config.text_config.initializer_range ?? 0.02;
  return {
    ...initVisionParams(config, seed, { std }),
    ...initLlamaParams(config.text_config, seed + 1, VLM_TEXT_NAMES),
  };
}
