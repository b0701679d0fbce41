/**
 * The text decoder of an Idefics3 / SmolVLM checkpoint in the engine, read from the repo's
 * config.json and model.safetensors (only the text model's tensors, in any float dtype: Hub repos
 * ship bf16): what LoRA-DPO trains and what decodes with an adapter onnxruntime cannot apply.
 * Image features come from onnxruntime's vision encoder (runtime's imageFeatures; spliced in by
 * ./engine-decoding.ts when decoding, by ./pair-tokens.ts when training).
 */
import type { DpoModel } from '../../engine/dpo/dpo-batch';
import type { Params } from '../../engine/init-weights';
import { readSafetensorsHeader } from '../../engine/safetensors';
import { paramsFromSafetensors } from '../../engine/safetensors-params';
import { VLM_TEXT_NAMES, vlmConfigFromJson, type VlmConfig } from '../../engine/vlm';

export interface EngineDecoder {
  config: VlmConfig;
  /** model.text_model.* and lm_head.weight, fp32. Owned by the decoder's user. */
  params: Params;
}

export function loadEngineDecoder(configJson: string, weights: Uint8Array): EngineDecoder {
  const config = vlmConfigFromJson(configJson);
  const names = readSafetensorsHeader(weights).entries.map((entry) => entry.name);
  const text = names.filter((name) => name.startsWith('model.text_model.'));
  if (text.length === 0)
    throw new Error('model.safetensors has no model.text_model.* tensors: it is not an Idefics3 / SmolVLM checkpoint.');
  // The file decides whether the output projection is tied: lm_head.weight is there or it is not.
  const hasLmHead = names.includes(VLM_TEXT_NAMES.lmHead);
  config.text_config.tie_word_embeddings = !hasLmHead;
  return {
    config,
    params: paramsFromSafetensors(weights, { names: hasLmHead ? [...text, VLM_TEXT_NAMES.lmHead] : text }),
  };
}

export function dpoModelOf(decoder: EngineDecoder): DpoModel {
  return {
    config: decoder.config.text_config,
    names: VLM_TEXT_NAMES,
    params: decoder.params,
    imageTokenId: decoder.config.image_token_id,
  };
}
