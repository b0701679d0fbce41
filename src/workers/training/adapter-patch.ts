import { adapterSlotTensors, setLoraTensors } from '../../engine/onnx/lora-graph';
import type { PeftAdapter } from '../../engine/lora/peft-files';
import { VLM_TEXT_NAMES, type VlmConfig } from '../../engine/vlm';
import type { FilePatch } from '../../runtime';

/**
 * The patch that applies an adapter to an embedded model's exported decoder (every dtype variant
 * carries the zero LoRA slots): no re-export, the base files stay as they are.
 */
export function adapterFilePatch(adapter: PeftAdapter, config: VlmConfig, slotRank: number): FilePatch {
  const tensors = adapterSlotTensors(adapter, VLM_TEXT_NAMES, config.text_config.num_hidden_layers, slotRank);
  return { pattern: /onnx\/decoder_model_merged[^/]*\.onnx$/, patch: (bytes) => setLoraTensors(bytes, tensors) };
}
