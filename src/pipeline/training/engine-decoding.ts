/**
 * The engine as a model's text decoder, with a LoRA adapter: how an adapter reaches a Hub model,
 * whose exported decoder has no LoRA slots. The prompt's image features still come from
 * onnxruntime's vision encoder; decoding uses the engine's KV cache.
 */
import { numpy as np, tree, type Array as JaxArray } from '@jax-js/jax';
import { decodeTokens } from '../../engine/llama/decode';
import { embedTokens, llamaHidden, lmHead } from '../../engine/llama/llama-forward';
import { loraScale } from '../../engine/lora/lora-config';
import type { PeftAdapter } from '../../engine/lora/peft-files';
import { spliceImageFeatures, VLM_TEXT_NAMES } from '../../engine/vlm';
import { imageFeatures, type ExternalDecoder, type LoadedVlm } from '../../runtime';
import type { ModelInputs } from '../../runtime/prompt-inputs';
import type { EngineDecoder } from './engine-decoder';

/** `vlm` decoding on the engine with `adapter` (none = the base); owns the decoder and the adapter until `dispose`. */
export function engineDecoding(vlm: LoadedVlm, decoder: EngineDecoder, adapter?: PeftAdapter): ExternalDecoder {
  const params = adapter ? { ...decoder.params, ...adapter.factors } : decoder.params;
  const text = decoder.config.text_config;
  const lora = adapter ? { scale: loraScale(adapter.config) } : undefined;
  const names = VLM_TEXT_NAMES;

  async function inputEmbeds(inputs: ModelInputs): Promise<JaxArray> {
    const ids = [Array.from(inputs.input_ids!.data as BigInt64Array, Number)];
    const tokens = embedTokens(params, ids, names);
    if (!inputs.pixel_values) return tokens;
    const features = await imageFeatures(vlm, inputs);
    return spliceImageFeatures(
      tokens,
      np.array(features.data, { shape: features.dims }),
      ids,
      decoder.config.image_token_id,
    );
  }

  return {
    async logits(inputs) {
      const hidden = llamaHidden(params, text, { inputsEmbeds: await inputEmbeds(inputs), names, lora });
      const logits = lmHead(params, text, hidden, names);
      return { dims: [...logits.shape], data: (await logits.data()) as Float32Array };
    },
    async generate(inputs, options) {
      decodeTokens(params, text, await inputEmbeds(inputs), { ...options, names, lora });
    },
    dispose() {
      tree.dispose(params);
    },
  };
}
