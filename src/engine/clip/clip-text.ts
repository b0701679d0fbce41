/**
 * The CLIP text encoder with its projection, in HF CLIPTextModelWithProjection names:
 *
 *   text_model.embeddings.token_embedding  [vocab, D]
 *   text_model.embeddings.position_embedding  [max_position_embeddings, D]
 *   text_model.encoder.layers.{i}  pre-norm blocks, causal attention, quick_gelu MLP
 *   text_model.final_layer_norm
 *   text_projection  [projection_dim, D], no bias
 *
 * The text embedding is the final hidden state at the first end-of-text token (HF's rule when
 * `eos_token_id` is not the legacy 2-by-argmax case; with causal attention, padding after it has no
 * effect), projected.
 *
 * Split in two so training code can differentiate without gathers: the token lookup (`embedTokens`
 * with `np.take`, which breaks `jit(grad(…))` in jax-js 0.1.25; training looks tokens up outside the
 * gradient and passes the rows to `addPositionEmbeddings`) and `clipTextFromEmbeddings` (everything
 * after; the end-of-text pooling is a one-hot weighted sum, not a gather).
 *
 * Ownership: params borrowed (`.ref` on every read), array inputs consumed, results owned by the
 * caller. Token ids are plain numbers: they are data, never differentiated.
 */
import { numpy as np, type Array as JaxArray } from '@jax-js/jax';
import { weightInitializer, type Params } from '../init-weights';
import { borrow, initLayerNorm, initLinear, layerNorm, linear } from '../vision/layers';
import { encoderForward, initEncoderParams } from '../vision/transformer-block';
import type { ClipTextConfig } from './clip-config';

const PREFIX = 'text_model';
const TEXT_PROJECTION = 'text_projection';

export function initClipTextParams(config: ClipTextConfig, seed: number, { std = 0.02 } = {}): Params {
  const d = config.hidden_size;
  const source = weightInitializer(seed);
  return {
    [`${PREFIX}.embeddings.token_embedding.weight`]: source.normal([config.vocab_size, d], std),
    [`${PREFIX}.embeddings.position_embedding.weight`]: source.normal([config.max_position_embeddings, d], std),
    ...initEncoderParams(
      source,
      `${PREFIX}.encoder`,
      { numLayers: config.num_hidden_layers, hiddenSize: d, intermediateSize: config.intermediate_size },
      std,
    ),
    ...initLayerNorm(source, `${PREFIX}.final_layer_norm`, d),
    ...initLinear(source, TEXT_PROJECTION, config.projection_dim, d, std, { bias: false }),
  };
}

/** Index of the first `eosTokenId` in each sequence; one clear error when a sequence has none. */
export function endOfTextPositions(inputIds: number[][], eosTokenId: number): number[] {
  return inputIds.map((ids, row) => {
    const position = ids.indexOf(eosTokenId);
    if (position < 0) throw new Error(`Text ${row} has no end-of-text token (id ${eosTokenId}).`);
    return position;
  });
}

/** The one-hot end-of-text pick [N, T, 1] that `clipTextFromEmbeddings` pools with. */
export function endOfTextPick(inputIds: number[][], eosTokenId: number): JaxArray {
  const n = inputIds.length;
  const length = inputIds[0]?.length ?? 0;
  const pick = new Float32Array(n * length);
  endOfTextPositions(inputIds, eosTokenId).forEach((position, row) => (pick[row * length + position] = 1));
  return np.array(pick, { shape: [n, length, 1] });
}

/** The token-embedding table's name, [vocab, D]. */
export const CLIP_TOKEN_EMBEDDING = `${PREFIX}.embeddings.token_embedding.weight`;

/** Token embedding rows [N·T, D] (looked up by the caller) plus position embeddings → [N, T, D]. */
export function addPositionEmbeddings(
  params: Params,
  config: ClipTextConfig,
  tokens: JaxArray,
  length: number,
): JaxArray {
  const n = tokens.shape[0]! / length;
  const positions = borrow(params, `${PREFIX}.embeddings.position_embedding.weight`).slice([0, length]);
  return tokens.reshape([n, length, config.hidden_size]).add(positions);
}

/** Token plus position embeddings: ids [N][T] (equal lengths) → [N, T, D]. */
export function embedTokens(params: Params, config: ClipTextConfig, inputIds: number[][]): JaxArray {
  const n = inputIds.length;
  const length = inputIds[0]?.length ?? 0;
  if (n === 0 || length === 0) throw new Error('CLIP needs at least one non-empty text.');
  if (inputIds.some((ids) => ids.length !== length))
    throw new Error('CLIP texts in one batch must have equal lengths; pad them.');
  if (length > config.max_position_embeddings) {
    throw new Error(`A CLIP text has ${length} tokens; the model takes at most ${config.max_position_embeddings}.`);
  }
  const flat = inputIds.flat();
  if (flat.some((id) => !Number.isInteger(id) || id < 0 || id >= config.vocab_size)) {
    throw new Error(`CLIP token ids must be integers in [0, ${config.vocab_size}).`);
  }
  const ids = np.array(Int32Array.from(flat), { shape: [n * length], dtype: np.int32 });
  const tokens = np.take(borrow(params, `${PREFIX}.embeddings.token_embedding.weight`), ids, 0);
  const positions = borrow(params, `${PREFIX}.embeddings.position_embedding.weight`).slice([0, length]);
  return tokens.reshape([n, length, config.hidden_size]).add(positions);
}

/**
 * Embeddings [N, T, D] → text_embeds [N, projection_dim], read where the one-hot `endOfText`
 * [N, T, 1] (from `endOfTextPick`) is 1. Differentiable, with no gathers; consumes both Arrays.
 */
export function clipTextFromEmbeddings(
  params: Params,
  config: ClipTextConfig,
  inputEmbeds: JaxArray,
  endOfText: JaxArray,
): JaxArray {
  const hidden = encoderForward(params, `${PREFIX}.encoder`, inputEmbeds, {
    numLayers: config.num_hidden_layers,
    numHeads: config.num_attention_heads,
    layerNormEps: config.layer_norm_eps,
    activation: 'quick_gelu',
    causal: true,
  });
  const normed = layerNorm(params, `${PREFIX}.final_layer_norm`, hidden, config.layer_norm_eps);
  const pooled = normed.mul(endOfText).sum(1);
  return linear(params, TEXT_PROJECTION, pooled, { bias: false });
}

/** Token ids [N][T] → text_embeds [N, projection_dim] (not normalised, as HF's `text_embeds`). */
export function clipTextForward(params: Params, config: ClipTextConfig, inputIds: number[][]): JaxArray {
  const endOfText = endOfTextPick(inputIds, config.eos_token_id);
  return clipTextFromEmbeddings(params, config, embedTokens(params, config, inputIds), endOfText);
}
