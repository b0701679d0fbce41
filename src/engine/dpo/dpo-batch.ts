/**
 * A micro-batch of preference pairs as the Arrays a DPO step needs. Each pair is one packed row,
 * prompt + chosen + rejected, so the prompt (image tokens included, most of a sequence) runs once
 * for both answers: the rejected answer's positions continue from the prompt, and its tokens
 * cannot see the chosen ones (the attention bias), so each answer's log-probs are those of its own
 * prompt + answer sequence. Only the adapter trains, so the input embeddings (tokens, with image
 * features spliced in) are constants computed here, outside the gradient; lm_head runs only at the
 * positions that predict answer tokens (one-hot `rows`), and the answer tokens' own rows of
 * lm_head are gathered here too (see `answerTokenLogprobs`).
 */
import { numpy as np, type Array as JaxArray } from '@jax-js/jax';
import { MASKED_BIAS } from '../llama/layers';
import type { Params } from '../init-weights';
import { outputWeightName, type LlamaConfig, type LlamaNames } from '../llama/config';
import { embedTokens } from '../llama/llama-forward';
import { spliceImageFeatures } from '../vlm/splice';
import type { PreferenceLossKind } from './dpo-options';

/** One preference pair, tokenised. */
export interface DpoPair {
  /** Prompt ids, `<image>` tokens included, ending where the answer starts. */
  prompt: number[];
  /** Answer ids, end-of-turn token included (it counts, as in TRL). */
  chosen: number[];
  rejected: number[];
  /** Per answer token weights for the token-weighted loss; 1 where absent. */
  chosenWeights?: number[];
  rejectedWeights?: number[];
  /** [image tokens, hidden]: the features of the prompt's `<image>` tokens, if any. Borrowed. */
  imageFeatures?: JaxArray;
}

/** log π_ref of each answer token, computed once per pair with the adapter off. */
export interface ReferenceLogprobs {
  chosen: number[];
  rejected: number[];
}

/** The decoder a DPO run adapts, with its frozen base weights (borrowed). */
export interface DpoModel {
  config: LlamaConfig;
  names: LlamaNames;
  params: Params;
  /** The `<image>` token, for prompts with images. */
  imageTokenId?: number;
}

export interface DpoBatchArrays {
  /** [B, T, D]: one packed row per pair. */
  inputsEmbeds: JaxArray;
  /** [B, T] int32: rotary positions (the rejected answer's restart after the prompt). */
  positions: JaxArray;
  /** [B, 1, 1, T, T]: the additive attention bias (causal, no padding, rejected blind to chosen). */
  attentionBias: JaxArray;
  /** [B, 2K, T]: row k < K picks the position whose logits predict chosen token k, row K + k rejected token k. */
  rows: JaxArray;
  /** [2B, K, D]: the output projection's row of answer token k (its logit is hidden · row). */
  targetRows: JaxArray;
  /** [2B, K]: how answer token k counts in the sequence's log-prob (0 for padding). */
  weights: JaxArray;
  /** [2B, K]: 1 for answer tokens, 0 for padding. */
  answerMask: JaxArray;
}

/** Sequences are padded to multiples of these, so that few shapes get compiled. */
const LENGTH_BUCKET = 16;
const ANSWER_BUCKET = 8;

const bucket = (length: number, size: number) => Math.ceil(Math.max(1, length) / size) * size;

/** How each answer token counts for a loss: 1, its FiSAO weight, or 1/length (IPO averages). */
export function answerWeights(pair: DpoPair, side: 'chosen' | 'rejected', kind: PreferenceLossKind): number[] {
  const answer = pair[side];
  if (kind === 'ipo') return answer.map(() => 1 / answer.length);
  const given = kind === 'token-weighted' ? pair[side === 'chosen' ? 'chosenWeights' : 'rejectedWeights'] : undefined;
  if (given && given.length !== answer.length) {
    throw new Error(`The pair has ${given.length} ${side} token weights for ${answer.length} ${side} tokens.`);
  }
  return given ?? answer.map(() => 1);
}

/** Σ_k weight_k · log π_ref(token k): the reference side of the loss for one answer. */
export function weightedSum(values: number[], weights: number[]): number {
  return values.reduce((sum, value, k) => sum + value * weights[k]!, 0);
}

export function dpoBatchArrays(model: DpoModel, pairs: DpoPair[], kind: PreferenceLossKind): DpoBatchArrays {
  if (pairs.length === 0) throw new Error('A DPO batch needs at least one pair.');
  for (const pair of pairs) {
    if (pair.chosen.length === 0 || pair.rejected.length === 0)
      throw new Error('A preference pair has an empty answer.');
    if (pair.prompt.length === 0) throw new Error('A preference pair has an empty prompt.');
  }
  const T = bucket(Math.max(...pairs.map((p) => p.prompt.length + p.chosen.length + p.rejected.length)), LENGTH_BUCKET);
  const K = bucket(Math.max(...pairs.flatMap((p) => [p.chosen.length, p.rejected.length])), ANSWER_BUCKET);
  const V = model.config.vocab_size;
  const B = pairs.length;

  const ids = pairs.map((p) => [
    ...p.prompt,
    ...p.chosen,
    ...p.rejected,
    ...new Array<number>(T - p.prompt.length - p.chosen.length - p.rejected.length).fill(0),
  ]);
  const positions = new Int32Array(B * T);
  const bias = new Float32Array(B * T * T).fill(MASKED_BIAS);
  const rows = new Float32Array(B * 2 * K * T);
  const targets = new Int32Array(2 * B * K);
  const weights = new Float32Array(2 * B * K);
  const answerMask = new Float32Array(2 * B * K);
  pairs.forEach((pair, b) => {
    const P = pair.prompt.length;
    const rejectedStart = P + pair.chosen.length;
    const end = rejectedStart + pair.rejected.length;
    for (let t = 0; t < T; t++) {
      positions[b * T + t] = t < rejectedStart ? t : t < end ? t - pair.chosen.length : 0;
      const seesChosen = t < rejectedStart || t >= end; // padding queries are never read
      for (let j = 0; j <= t && j < end; j++) {
        if (seesChosen || j < P || j >= rejectedStart) bias[(b * T + t) * T + j] = 0;
      }
    }
    const sides = [
      { answer: pair.chosen, side: 'chosen' as const, row: b, predictor: (k: number) => P + k - 1 },
      {
        answer: pair.rejected,
        side: 'rejected' as const,
        row: B + b,
        predictor: (k: number) => (k === 0 ? P - 1 : rejectedStart + k - 1),
      },
    ];
    sides.forEach(({ answer, side, row, predictor }, s) => {
      const w = answerWeights(pair, side, kind);
      answer.forEach((id, k) => {
        if (id < 0 || id >= V) throw new Error(`Token id ${id} is outside the vocabulary (${V}).`);
        rows[((b * 2 + s) * K + k) * T + predictor(k)] = 1;
        targets[row * K + k] = id;
        weights[row * K + k] = w[k]!;
        answerMask[row * K + k] = 1;
      });
    });
  });

  let inputsEmbeds = embedTokens(model.params, ids, model.names);
  const features = pairs.flatMap((pair) => (pair.imageFeatures ? [pair.imageFeatures.ref] : []));
  if (features.length > 0) {
    if (model.imageTokenId === undefined)
      throw new Error('The pairs carry image features but the model has no <image> token.');
    inputsEmbeds = spliceImageFeatures(inputsEmbeds, np.concatenate(features, 0), ids, model.imageTokenId);
  }
  return {
    inputsEmbeds,
    positions: np.array(positions, { shape: [B, T], dtype: np.int32 }),
    attentionBias: np.array(bias, { shape: [B, 1, 1, T, T] }),
    rows: np.array(rows, { shape: [B, 2 * K, T] }),
    targetRows: np.take(
      model.params[outputWeightName(model.config, model.names)]!.ref,
      np.array(targets, { shape: [2 * B, K], dtype: np.int32 }),
      0,
    ),
    weights: np.array(weights, { shape: [2 * B, K] }),
    answerMask: np.array(answerMask, { shape: [2 * B, K] }),
  };
}
