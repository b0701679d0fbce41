/**
 * A model loaded with a PEFT adapter, whichever way the model allows: an embedded model exported
 * with LoRA slots gets its decoder file patched on the way into onnxruntime (no re-export, the
 * base files stay as they are); any other model (a SmolVLM from the Hub) decodes on the engine,
 * its text decoder read from the repo's model.safetensors.
 */
import { tree } from '@jax-js/jax';
import { startEngine } from '../../engine/jax-runtime';
import { adapterSlotTensors, setLoraTensors } from '../../engine/onnx/lora-graph';
import { importPeftAdapter, type PeftAdapter, type PeftAdapterFiles } from '../../engine/lora/peft-files';
import { RECIPE } from '../../pretraining/recipe';
import { VLM_TEXT_NAMES, vlmConfigFromJson, type VlmConfig } from '../../engine/vlm';
import {
  findModel,
  loadVlm,
  readModelFile,
  type DeviceCapabilities,
  type FilePatch,
  type FileProgress,
  type LoadedVlm,
  type LoadRequest,
} from '../../runtime';
import { loadEngineDecoder } from './engine-decoder';
import { engineDecoding } from './engine-decoding';

/** The patch that writes an adapter into an exported decoder's zero LoRA slots (every dtype variant has them). */
export function adapterFilePatch(adapter: PeftAdapter, config: VlmConfig, slotRank: number): FilePatch {
  const tensors = adapterSlotTensors(adapter, VLM_TEXT_NAMES, config.text_config.num_hidden_layers, slotRank);
  return { pattern: /onnx\/decoder_model_merged[^/]*\.onnx$/, patch: (bytes) => setLoraTensors(bytes, tensors) };
}

export async function loadVlmWithAdapter(
  request: LoadRequest,
  caps: DeviceCapabilities,
  files: PeftAdapterFiles | undefined,
  onProgress?: (progress: FileProgress) => void,
): Promise<LoadedVlm> {
  if (!files) return loadVlm(request, caps, onProgress);
  await startEngine();
  const adapter = importPeftAdapter(files);
  let owned = true;
  try {
    if (adapter.baseModel && adapter.baseModel !== request.modelId)
      throw new Error(`This adapter was trained on ${adapter.baseModel}, not ${request.modelId}.`);
    const config = new TextDecoder().decode(await readModelFile(request.modelId, 'config.json'));
    if (findModel(request.modelId)?.loraSlots) {
      return await loadVlm(
        request,
        caps,
        onProgress,
        adapterFilePatch(adapter, vlmConfigFromJson(config), RECIPE.vlm.loraSlots.rank),
      );
    }
    const vlm = await loadVlm(request, caps, onProgress);
    const weights = await readModelFile(request.modelId, 'model.safetensors', (loaded, total) =>
      onProgress?.({ file: 'model.safetensors', loaded, total }),
    );
    owned = false;
    return { ...vlm, decoder: engineDecoding(vlm, loadEngineDecoder(config, weights), adapter) };
  } finally {
    if (owned) tree.dispose(adapter.factors);
  }
}
