/**
 * All three ONNX files transformers.js loads for a SmolVLM/Idefics3 model, from engine params:
 * relative path (under the model folder) → bytes. The JSON files (config.json, tokenizer, …) are
 * written by whoever owns the model's configuration; only `onnx/` is produced here.
 */
import type { Params } from '../init-weights';
import type { LlamaConfig, LlamaNames } from '../llama/config';
import type { Idefics3VisionSideConfig } from '../vision/vision-encoder';
import { exportDecoder, type DecoderExportOptions } from './export-decoder';
import { exportEmbedTokens, exportVisionEncoder } from './export-vision';

export interface Idefics3ExportConfig extends Idefics3VisionSideConfig {
  text_config: LlamaConfig;
}

/** `onnx/vision_encoder.onnx`, `onnx/embed_tokens.onnx`, `onnx/decoder_model_merged.onnx` (fp32). */
export function exportIdefics3Onnx(
  params: Params,
  config: Idefics3ExportConfig,
  names: LlamaNames,
  options: DecoderExportOptions = {},
): Map<string, Uint8Array> {
  return new Map([
    ['onnx/vision_encoder.onnx', exportVisionEncoder(params, config)],
    ['onnx/embed_tokens.onnx', exportEmbedTokens(params, names)],
    ['onnx/decoder_model_merged.onnx', exportDecoder(params, config.text_config, names, options)],
  ]);
}
