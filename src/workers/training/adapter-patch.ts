import { tree } from '@jax-js/jax';
import { startEngine } from '../../engine/jax-runtime';
import { adapterSlotTensors, setLoraTensors } from '../../engine/onnx/lora-graph';
import { importPeftAdapter, type PeftAdapter, type PeftAdapterFiles } from '../../engine/lora/peft-files';
import { RECIPE } from '../../engine/pretrain/recipe';
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

/** PEFT files as a patch of embedded model `modelId`, whose config.json `readConfig` returns. */
export async function embeddedAdapterPatch(modelId: string, files: PeftAdapterFiles, readConfig: () => Promise<string>): Promise<FilePatch> {
  await startEngine();
  const adapter = importPeftAdapter(files);
  try {
    if (adapter.baseModel && adapter.baseModel !== modelId) throw new Error(`This adapter was trained on ${adapter.baseModel}, not ${modelId}.`);
    const config = JSON.parse(await readConfig()) as VlmConfig;
    return adapterFilePatch(adapter, config, RECIPE.vlm.loraSlots.rank);
  } finally {
    tree.dispose(adapter.factors);
  }
}
