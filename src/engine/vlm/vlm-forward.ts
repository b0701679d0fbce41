/**
 * The forward pass of the composed Idefics3 / SmolVLM model on jax-js:
 *   token embeddings (model.text_model.embed_tokens) → image features (vision encoder + connector)
 *   spliced in at the `<image>` tokens → Llama decoder → lm_head → logits [B, T, V].
 *
 * Ownership (as the rest of the engine): `params` borrowed; Array inputs (`pixelValues`,
 * `tokenEmbeds`) consumed; the result belongs to the caller.
 *
 * Training: the token lookup (`np.take`) is differentiable under eager `grad`, so when the
 * embedding matrix is trained, call `vlmLogits` inside the differentiated function without
 * `tokenEmbeds`. When it is frozen (connector warm-up), look tokens up once outside with
 * `vlmTokenEmbeds` and pass them as `tokenEmbeds`: the gather then never enters the gradient.
 */
import type { Array as JaxArray } from '@jax-js/jax';
import type { Params } from '../init-weights';
import { embedTokens, llamaForward } from '../llama/llama-forward';
import { imageFeatures } from '../vision';
import { VLM_TEXT_NAMES, type VlmConfig } from './config';
import { imageTokenPositions, spliceImageFeatures } from './splice';

export interface VlmInputs {
  /** [B][T] token ids, equal lengths, with image_seq_len `<image>` tokens per image. */
  inputIds: number[][];
  /** [N, 3, S, S] normalised pixels, one tile per image, images in the order they appear. Consumed. */
  pixelValues?: JaxArray;
  /** HF attention_mask [B][T] (1 token, 0 padding); defaults to all ones. */
  attentionMask?: number[][];
  /** Precomputed token embeddings [B, T, D] (e.g. `vlmTokenEmbeds` outside `grad`). Consumed. */
  tokenEmbeds?: JaxArray;
}

/** Token embeddings [B, T, D] from model.text_model.embed_tokens. */
export function vlmTokenEmbeds(params: Params, inputIds: number[][]): JaxArray {
  return embedTokens(params, inputIds, VLM_TEXT_NAMES);
}

/** Decoder input embeddings [B, T, D]: token embeddings with image features spliced in. */
export function vlmInputEmbeds(params: Params, config: VlmConfig, inputs: VlmInputs): JaxArray {
  const embeds = inputs.tokenEmbeds ?? vlmTokenEmbeds(params, inputs.inputIds);
  if (!inputs.pixelValues) {
    if (imageTokenPositions(inputs.inputIds, config.image_token_id).length > 0) {
      embeds.dispose();
      throw new Error('The prompt has <image> tokens but no pixel values were given.');
    }
    return embeds;
  }
  const features = imageFeatures(params, config, inputs.pixelValues);
  return spliceImageFeatures(embeds, features, inputs.inputIds, config.image_token_id);
}

/** Next-token logits [B, T, vocab_size]. */
export function vlmLogits(params: Params, config: VlmConfig, inputs: VlmInputs): JaxArray {
  return llamaForward(params, config.text_config, {
    inputsEmbeds: vlmInputEmbeds(params, config, inputs),
    attentionMask: inputs.attentionMask,
    names: VLM_TEXT_NAMES,
  });
}
