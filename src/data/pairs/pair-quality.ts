/**
 * How well a method's pairs teach against hallucination, judged with the shapes world's ground
 * truth: how often the chosen answer names fewer absent objects than the rejected one, as often,
 * or more, and CHAIR_i of each side. Pairs on images without a scene are not counted.
 */
import { chairForAnswer } from '../../metrics';
import { sampleScene } from '../../world';
import type { PairRecord } from './pair-records';

export interface PairQuality {
  judged: number;
  chosenFewer: number;
  same: number;
  chosenMore: number;
  chairIChosen: number;
  chairIRejected: number;
}

export function pairQuality(pairs: readonly PairRecord[]): PairQuality {
  const quality = { judged: 0, chosenFewer: 0, same: 0, chosenMore: 0 };
  const hallucinated = { chosen: 0, rejected: 0 };
  const mentions = { chosen: 0, rejected: 0 };
  for (const pair of pairs) {
    if (!('scene' in pair.image)) continue;
    const { split, seed, index } = pair.image.scene;
    const scene = sampleScene(split, seed, index);
    const chosen = chairForAnswer(pair.chosen, scene);
    const rejected = chairForAnswer(pair.rejected, scene);
    quality.judged++;
    const difference = chosen.hallucinatedCount - rejected.hallucinatedCount;
    if (difference < 0) quality.chosenFewer++;
    else if (difference > 0) quality.chosenMore++;
    else quality.same++;
    hallucinated.chosen += chosen.hallucinatedCount;
    hallucinated.rejected += rejected.hallucinatedCount;
    mentions.chosen += chosen.mentions.length;
    mentions.rejected += rejected.mentions.length;
  }
  const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);
  return {
    ...quality,
    chairIChosen: ratio(hallucinated.chosen, mentions.chosen),
    chairIRejected: ratio(hallucinated.rejected, mentions.rejected),
  };
}
