/**
 * The ONNX graphs of an embedded model, from its config.json and weights: shapes-vlm's three
 * Idefics3 graphs (with the recipe's zero LoRA slots) in fp32, `_quantized` and `_q4`; shapes-clip's
 * two CLIP towers. Relative path → bytes.
 */
import type { Params } from '../engine/init-weights';
import { exportClipOnnx, exportIdefics3Onnx, withQuantizedVariants } from '../engine/onnx';
import { VLM_TEXT_NAMES, type VlmConfig } from '../engine/vlm';
import { RECIPE, type ClipModelConfig } from './recipe';

export function modelGraphs(config: VlmConfig | ClipModelConfig, params: Params): Map<string, Uint8Array> {
  if (config.model_type === 'clip') return exportClipOnnx(params, config);
  return withQuantizedVariants(exportIdefics3Onnx(params, config, VLM_TEXT_NAMES, { lora: RECIPE.vlm.loraSlots }));
}
