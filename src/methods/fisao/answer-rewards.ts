/**
 * Rewards on an answer's tokens: each object's reward lands on the tokens whose text overlaps the
 * words that name it (a token over two objects takes the lower reward); every other token gets 0.
 * The tokens are the ones the model sampled, which are the tokens training encodes the answer into
 * (a leading space, the text, then the end-of-turn token) whenever the sample is the tokenizer's
 * own encoding of its text, as the model's are (a test checks this through the training code).
 */
import type { SampledAnswer } from '../../runtime/types';
import { fisaoReward, type FisaoCalibration } from './calibration';
import type { ObjectMention } from './object-mentions';

export interface TokenReward {
  text: string;
  reward: number;
}

export interface ScoredMention extends ObjectMention {
  /** The object's CLIP score against the image, and its reward. */
  s: number;
  r: number;
}

export interface RewardedAnswer {
  text: string;
  /** The answer's tokens without the end-of-turn token; their texts joined are the answer. */
  tokens: TokenReward[];
  mentions: ScoredMention[];
  /** The sum of its objects' rewards. */
  score: number;
}

/** The answer's rewards, or null when its token texts do not join up to its text (so rewards cannot be placed). */
export function rewardAnswer(
  answer: SampledAnswer,
  mentions: ObjectMention[],
  scores: ReadonlyMap<string, number>,
  calibration: Pick<FisaoCalibration, 'muCorrect' | 'muHallucinated'>,
): RewardedAnswer | null {
  const body = answer.finished ? answer.tokens.slice(0, -1) : answer.tokens;
  const joined = body.map((token) => token.text).join('');
  if (joined.trim() !== answer.text) return null;
  const offset = joined.length - joined.trimStart().length;
  const scored = mentions.map((mention) => {
    const s = scores.get(mention.object)!;
    return { ...mention, s, r: fisaoReward(s, calibration) };
  });
  let at = 0;
  const tokens = body.map(({ text }) => {
    const [start, end] = [at - offset, at - offset + text.length];
    at += text.length;
    const over = scored.filter((mention) => mention.start < end && start < mention.end);
    return { text, reward: over.length === 0 ? 0 : Math.min(...over.map((mention) => mention.r)) };
  });
  return { text: answer.text, tokens, mentions: scored, score: scored.reduce((sum, mention) => sum + mention.r, 0) };
}

/**
 * Weights for the token-weighted DPO loss, one per answer token as training encodes it (the
 * answer's tokens, then 1 for the end-of-turn token). Chosen: w = max(0, 1 + α·r), rejected:
 * w = max(0, 1 − α·r): a correct object counts more in the chosen answer and a hallucinated one
 * more in the rejected answer, while a hallucinated object the chosen answer happens to name (or a
 * correct one in the rejected answer) counts less, down to 0 at α·|r| ≥ 1, so DPO is not pushed to
 * raise it (or lower it). Tokens without an object keep weight 1 on both sides.
 */
export function tokenWeights(tokens: readonly TokenReward[], side: 'chosen' | 'rejected', alpha: number): number[] {
  const sign = side === 'chosen' ? 1 : -1;
  return [...tokens.map(({ reward }) => Math.max(0, 1 + sign * alpha * reward)), 1];
}
