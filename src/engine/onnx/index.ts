/** ONNX export of engine weights in the transformers.js layouts: SmolVLM/Idefics3 and CLIP (Uint8Array per file). */
export { exportDecoder, type DecoderExportOptions } from './export-decoder';
export { exportEmbedTokens, exportVisionEncoder } from './export-vision';
export {
  LORA_SCALE,
  LORA_TARGETS,
  loraFactorNames,
  setLoraTensors,
  type LoraExportOptions,
  type LoraTarget,
} from './lora-graph';
export { GraphBuilder, WeightRandom } from './onnx-builder';
export { exportIdefics3Onnx, type Idefics3ExportConfig } from './export-model';
export { exportClipOnnx, exportClipTextModel, exportClipVisionModel, type ClipExportConfig } from './export-clip';
export { quantizedFileName, quantizeOnnx, withQuantizedVariants, type QuantizeMode } from './quantize';
