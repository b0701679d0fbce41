/**
 * How well a method's pairs teach against hallucination, judged with the shapes world's ground
 * truth. Description pairs: how often the chosen answer names fewer absent objects than the
 * rejected one, as many, or more, and CHAIR_i of each side. Existence-question pairs: how often the
 * chosen yes/no is right and the rejected one wrong, both alike, or the reverse. Pairs on images
 * without a scene are not counted.
 */
import { chairForAnswer, parseYesNo } from '../../metrics';
import { existenceQuestionKind, sameKind, sampleScene, type Scene } from '../../world';
import type { PairRecord } from './pair-records';

export interface ExistenceQuality {
  judged: number;
  chosenRight: number;
  same: number;
  chosenWrong: number;
}

export interface PairQuality {
  judged: number;
  chosenFewer: number;
  same: number;
  chosenMore: number;
  chairIChosen: number;
  chairIRejected: number;
  /** Present when some pairs answer existence questions ("Is there a red circle in the image?"). */
  existence?: ExistenceQuality;
}

/** The true answer to an existence question about the scene, or undefined when the prompt is not one. */
function existenceTruth(prompt: string, scene: Scene): 'yes' | 'no' | undefined {
  const kind = existenceQuestionKind(prompt);
  if (!kind) return undefined;
  return scene.objects.some((o) => sameKind(o, kind)) ? 'yes' : 'no';
}

export function pairQuality(pairs: readonly PairRecord[]): PairQuality {
  const quality = { judged: 0, chosenFewer: 0, same: 0, chosenMore: 0 };
  const existence: ExistenceQuality = { judged: 0, chosenRight: 0, same: 0, chosenWrong: 0 };
  const hallucinated = { chosen: 0, rejected: 0 };
  const mentions = { chosen: 0, rejected: 0 };
  for (const pair of pairs) {
    if (!('scene' in pair.image)) continue;
    const { split, seed, index } = pair.image.scene;
    const scene = sampleScene(split, seed, index);
    const truth = existenceTruth(pair.prompt, scene);
    if (truth) {
      existence.judged++;
      const chosenRight = parseYesNo(pair.chosen) === truth;
      const rejectedRight = parseYesNo(pair.rejected) === truth;
      if (chosenRight === rejectedRight) existence.same++;
      else if (chosenRight) existence.chosenRight++;
      else existence.chosenWrong++;
      continue;
    }
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
    ...(existence.judged > 0 ? { existence } : {}),
  };
}
