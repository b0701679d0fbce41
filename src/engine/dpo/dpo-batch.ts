/**
 * A micro-batch of preference pairs as the Arrays a DPO step needs. Rows 0…B−1 hold
 * prompt + chosen answer, rows B…2B−1 prompt + rejected answer, right-padded to a shared length.
 * Only the adapter trains, so the input embeddings (tokens, with image features spliced in) are
 * constants computed here, outside the gradient; lm_head runs only at the K positions that
 * predict answer tokens (one-hot `rows`), since prompts and images are most of a sequence, and the
 * answer tokens' own rows of lm_head are gathered here too (see `answerTokenLogprobs`).
 */
import { numpy as np, type Array as JaxArray } from '@jax-js/jax';
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
  /** [2B, T, D] */
  inputsEmbeds: JaxArray;
  /** [2B, T] */
  attentionMask: JaxArray;
  /** [2B, K, T]: row k picks the position whose logits predict answer token k. */
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
  const sequences = [
    ...pairs.map((pair) => ({ pair, answer: pair.chosen, weights: answerWeights(pair, 'chosen', kind) })),
    ...pairs.map((pair) => ({ pair, answer: pair.rejected, weights: answerWeights(pair, 'rejected', kind) })),
  ];
  for (const { pair, answer } of sequences) {
    if (answer.length === 0) throw new Error('A preference pair has an empty answer.');
    if (pair.prompt.length === 0) throw new Error('A preference pair has an empty prompt.');
  }
  const T = bucket(Math.max(...sequences.map((s) => s.pair.prompt.length + s.answer.length)), LENGTH_BUCKET);
  const K = bucket(Math.max(...sequences.map((s) => s.answer.length)), ANSWER_BUCKET);
  const V = model.config.vocab_size;
  const N = sequences.length;

  const ids = sequences.map(({ pair, answer }) => [...pair.prompt, ...answer, ...new Array<number>(T - pair.prompt.length - answer.length).fill(0)]);
  const mask = sequences.map(({ pair, answer }) => ids[0]!.map((_, t) => (t < pair.prompt.length + answer.length ? 1 : 0)));
  const rows = new Float32Array(N * K * T);
  const targets = new Int32Array(N * K);
  const weights = new Float32Array(N * K);
  const answerMask = new Float32Array(N * K);
  sequences.forEach(({ pair, answer, weights: w }, n) => {
    answer.forEach((id, k) => {
      if (id < 0 || id >= V) throw new Error(`Token id ${id} is outside the vocabulary (${V}).`);
      rows[(n * K + k) * T + pair.prompt.length + k - 1] = 1;
      targets[n * K + k] = id;
      weights[n * K + k] = w[k]!;
      answerMask[n * K + k] = 1;
    });
  });

  let inputsEmbeds = embedTokens(model.params, ids, model.names);
  const features = sequences.flatMap(({ pair }) => (pair.imageFeatures ? [pair.imageFeatures.ref] : []));
  if (features.length > 0) {
    if (model.imageTokenId === undefined) throw new Error('The pairs carry image features but the model has no <image> token.');
    inputsEmbeds = spliceImageFeatures(inputsEmbeds, np.concatenate(features, 0), ids, model.imageTokenId);
  }
  return {
    inputsEmbeds,
    attentionMask: np.array(mask, { dtype: np.float32 }),
    rows: np.array(rows, { shape: [N, K, T] }),
    targetRows: np.take(model.params[outputWeightName(model.config, model.names)]!.ref, np.array(targets, { shape: [N, K], dtype: np.int32 }), 0),
    weights: np.array(weights, { shape: [N, K] }),
    answerMask: np.array(answerMask, { shape: [N, K] }),
  };
}
