/**
 * FiSAO (arXiv 2410.14148; its code is not public: this follows the reconstruction in methods.md §3).
 * Per item K answers are sampled (T 0.8, top-p 0.9, seeded per item). The objects each names are
 * scored against the image with CLIP — for shapes-vlm, shapes-clip, whose vision tower its own was
 * initialised from — and each score becomes a reward between the calibrated baselines of correct
 * and hallucinated objects (see calibration.ts), placed on exactly the tokens that name the object.
 *
 * An answer's score is the sum of its objects' rewards: the return of the token-level rewards with
 * each object counted once, whatever its token count. A sum, not a mean, so that an answer is not
 * preferred for naming fewer objects: a mean ranks "A red circle." above a description that names
 * the same circle and two more correct objects a little less surely, and DPO on such pairs lowers
 * CHAIR_i by shortening answers rather than by dropping hallucinations. Chosen = the best answer,
 * rejected = the worst (the first on equal scores); items whose answers all score the same, or name
 * no object, give no pair. Empty answers are never chosen or rejected.
 *
 * The pairs carry per-token weights for the token-weighted DPO loss (see `tokenWeights`, α = 1 by
 * default) and, as evidence, both answers' tokens with their rewards, their objects with s and r,
 * every answer's score and the calibration.
 */
import {
  chunksOf,
  itemPair,
  keepPair,
  type MethodControl,
  type MethodItem,
  type MethodResult,
  type MethodRuntime,
} from '../method-runtime';
import type { PairEvidence } from '../../data/pairs/pair-records';
import { rewardAnswer, tokenWeights, type RewardedAnswer } from './answer-rewards';
import { calibrateFisao, fisaoCalibrationItems, type FisaoCalibration } from './calibration';
import type { FisaoVocabulary } from './object-mentions';
import { sampleObjects, vocabularyOf, type FisaoSampling } from './sampled-objects';

export interface FisaoOptions extends FisaoSampling {
  /** How far a token's reward moves its weight (α). */
  alpha: number;
  /** A calibration made before (calibrateFisao); without one the run calibrates on this many shapes scenes first. */
  calibration?: FisaoCalibration;
  calibrationItems: number;
}

export const DEFAULT_FISAO_OPTIONS: FisaoOptions = {
  seed: 1,
  k: 4,
  maxNewTokens: 96,
  temperature: 0.8,
  topP: 0.9,
  alpha: 1,
  calibrationItems: 100,
};

export interface FisaoEvidence extends PairEvidence {
  method: 'fisao';
  vocabulary: FisaoVocabulary;
  alpha: number;
  /** The score of every sampled answer, in sampling order; null where its tokens could not carry rewards. */
  scores: (number | null)[];
  chosen: RewardedAnswer;
  rejected: RewardedAnswer;
  calibration: FisaoCalibration;
}

export interface FisaoResult extends MethodResult {
  calibration: FisaoCalibration;
}

/** Scores this close are the same score (sums of the same rewards in another order). */
const TIE = 1e-9;

export async function runFisao(
  runtime: MethodRuntime,
  items: MethodItem[],
  options: FisaoOptions,
  control: MethodControl = {},
): Promise<FisaoResult> {
  if (!runtime.clipSimilarities) throw new Error('FiSAO needs a CLIP model to score objects against the image.');
  // The calibration reports its own progress; the items' progress counts the items asked for.
  const calibration =
    options.calibration ??
    (await calibrateFisao(runtime, fisaoCalibrationItems(options.seed, options.calibrationItems), options, {
      isCancelled: control.isCancelled,
      onProgress: control.onCalibration,
    }));
  const counts = { items: 0, pairs: 0, noMentions: 0, tied: 0, unalignedAnswers: 0 };
  const result: MethodResult = { pairs: [], counts };
  const misfit = items.find((item) => vocabularyOf(item) !== calibration.vocabulary);
  if (misfit) {
    throw new Error(
      `FiSAO was calibrated on ${calibration.vocabulary} objects but item "${misfit.id}" names ${vocabularyOf(misfit)} objects; calibrate on images of the same kind.`,
    );
  }
  for (const chunk of chunksOf(items, runtime.itemsPerCall)) {
    if (control.isCancelled?.()) break;
    const sampled = await sampleObjects(runtime, chunk, options);
    for (const [c, item] of chunk.entries()) {
      counts.items++;
      const { answers, mentions, scores } = sampled[c]!;
      const rewarded = answers.map((answer, i) => rewardAnswer(answer, mentions[i]!, scores, calibration));
      counts.unalignedAnswers += rewarded.filter((answer) => answer === null).length;
      const candidates = rewarded.filter((answer): answer is RewardedAnswer => answer !== null && answer.text !== '');
      if (candidates.every((answer) => answer.mentions.length === 0)) counts.noMentions++;
      else {
        const best = candidates.reduce((a, b) => (b.score > a.score ? b : a));
        const worst = candidates.reduce((a, b) => (b.score < a.score ? b : a));
        if (best.score - worst.score < TIE) counts.tied++;
        else {
          const evidence: FisaoEvidence = {
            method: 'fisao',
            vocabulary: calibration.vocabulary,
            alpha: options.alpha,
            scores: rewarded.map((answer) => answer?.score ?? null),
            chosen: best,
            rejected: worst,
            calibration,
          };
          const pair = itemPair(runtime, item, `s${options.seed}`, {
            chosen: best.text,
            rejected: worst.text,
            chosenWeights: tokenWeights(best.tokens, 'chosen', options.alpha),
            rejectedWeights: tokenWeights(worst.tokens, 'rejected', options.alpha),
            evidence,
          });
          keepPair(pair, result, control);
        }
      }
      control.onProgress?.(counts.items, items.length);
    }
  }
  return { ...result, calibration };
}
