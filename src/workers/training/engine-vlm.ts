/**
 * An Idefics3 / SmolVLM checkpoint in the engine, for LoRA-DPO: its config.json and
 * model.safetensors, the decoder as a DpoModel, and image features from the engine's own vision
 * tower (the adapter is on the decoder only, so features are computed once per image).
 */
import { jit, numpy as np, tree, type Array as JaxArray } from '@jax-js/jax';
import type { DpoModel } from '../../engine/dpo/dpo-batch';
import type { Params } from '../../engine/init-weights';
import { paramsFromSafetensors } from '../../engine/safetensors-params';
import { imageFeatures } from '../../engine/vision';
import { checkVlmConfig, VLM_TEXT_NAMES, type VlmConfig } from '../../engine/vlm';

export interface EngineVlm {
  config: VlmConfig;
  params: Params;
  /** The vision tower and connector, jitted: eagerly its many small ops took ~0.25 s an image. */
  features: (params: Params, pixelValues: JaxArray) => JaxArray;
}

export function loadEngineVlm(configJson: string, weights: Uint8Array): EngineVlm {
  const config = JSON.parse(configJson) as VlmConfig;
  if (config.model_type !== 'idefics3') throw new Error(`LoRA-DPO runs on Idefics3 / SmolVLM models; this one is "${config.model_type}".`);
  checkVlmConfig(config);
  const features = jit((params: Params, pixelValues: JaxArray) => {
    const out = imageFeatures(params, config, pixelValues);
    tree.dispose(params);
    return out;
  }) as unknown as EngineVlm['features'];
  return { config, params: paramsFromSafetensors(weights), features };
}

export function dpoModelOf(vlm: EngineVlm): DpoModel {
  return { config: vlm.config.text_config, names: VLM_TEXT_NAMES, params: vlm.params, imageTokenId: vlm.config.image_token_id };
}

/** Features [tiles · image_seq_len, hidden] for the processor's pixel_values (any leading dims, then 3, S, S). */
export function engineImageFeatures(vlm: EngineVlm, pixelValues: { data: Float32Array; dims: number[] }): JaxArray {
  const [channels, height, width] = pixelValues.dims.slice(-3) as [number, number, number];
  const tiles = pixelValues.data.length / (channels * height * width);
  return vlm.features(tree.ref(vlm.params), np.array(pixelValues.data, { shape: [tiles, channels, height, width] }));
}
