/**
 * The forward pass of the composed Idefics3 / SmolVLM model on jax-js:
 *   token embeddings (model.text_model.embed_tokens) → image features (vision encoder + connector)
 *   spliced in at the `<image>` tokens → Llama decoder → lm_head → logits [B, T, V].
 *
 * Ownership (as the rest of the engine): `params` borrowed; Array inputs (`pixelValues`,
 * `VlmTrainingInputs`) consumed; the result belongs to the caller.
 *
 * Training uses `vlmTrainingLogits`, whose inputs are all Arrays, so that it can run under
 * `jit(valueAndGrad(…))`: batch data must be arguments, not JS values a trace would bake in, and
 * the token embeddings arrive already looked up, because jit of a gradient through a gather fails
 * in jax-js 0.1.25 (the trainer turns their gradient into the table's; see train-step.ts).
 */
import { numpy as np, type Array as JaxArray } from '@jax-js/jax';
import type { Params } from '../init-weights';
import { embedTokens, llamaForward, llamaHidden, lmHead, type LoraRun } from '../llama/llama-forward';
import { imageFeatures } from '../vision';
import { VLM_TEXT_NAMES, type VlmConfig } from './config';
import { imageTokenPositions, placeImageFeatures, spliceImageFeatures } from './splice';

export interface VlmInputs {
  /** [B][T] token ids, equal lengths, with image_seq_len `<image>` tokens per image. */
  inputIds: number[][];
  /** [N, 3, S, S] normalised pixels, one tile per image, images in the order they appear. Consumed. */
  pixelValues?: JaxArray;
  /** HF attention_mask [B][T] (1 token, 0 padding); defaults to all ones. */
  attentionMask?: number[][];
  /** Applies the LoRA factors in `params` to the decoder. */
  lora?: LoraRun;
}

/** A training batch as Arrays (see `vlmBatchArrays`); all consumed. */
export interface VlmTrainingInputs {
  /** [B·T, D]: the rows of model.text_model.embed_tokens for the batch's ids (image tokens' rows are replaced). */
  tokenEmbeds: JaxArray;
  /** [N, 3, S, S] normalised pixels. */
  pixelValues: JaxArray;
  /** [B·T, 1]: 0 at image tokens, 1 elsewhere. */
  keep: JaxArray;
  /** [B·T, N·image_seq_len]: the k-th image token's row has a 1 in column k. */
  select: JaxArray;
  /** [B, T] float attention mask. */
  attentionMask: JaxArray;
}

/** Token embeddings [B, T, D] from model.text_model.embed_tokens. */
export function vlmTokenEmbeds(params: Params, inputIds: number[][]): JaxArray {
  return embedTokens(params, inputIds, VLM_TEXT_NAMES);
}

/** Decoder input embeddings [B, T, D]: token embeddings with image features spliced in. */
export function vlmInputEmbeds(params: Params, config: VlmConfig, inputs: VlmInputs): JaxArray {
  const embeds = vlmTokenEmbeds(params, inputs.inputIds);
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
    lora: inputs.lora,
  });
}

/**
 * Next-token logits of a training batch, with no gathers and no JS data: [B, T, vocab_size], or
 * [B, K, vocab_size] at the positions `rows` [B, K, T] picks (one-hot rows, consumed). Picking the
 * answer positions before lm_head saves most of its cost: prompts and images are most of a sequence.
 */
export function vlmTrainingLogits(
  params: Params,
  config: VlmConfig,
  inputs: VlmTrainingInputs,
  rows?: JaxArray,
): JaxArray {
  const [B, T] = inputs.attentionMask.shape as [number, number];
  const features = imageFeatures(params, config, inputs.pixelValues);
  const embeds = placeImageFeatures(inputs.tokenEmbeds, features, inputs.keep, inputs.select).reshape([
    B,
    T,
    config.text_config.hidden_size,
  ]);
  const hidden = llamaHidden(params, config.text_config, {
    inputsEmbeds: embeds,
    attentionMask: inputs.attentionMask,
    names: VLM_TEXT_NAMES,
  });
  return lmHead(params, config.text_config, rows ? np.matmul(rows, hidden) : hidden, VLM_TEXT_NAMES);
}
