import { pairsForTraining, type TrainingChoice } from '../../data/pairs/training-choice';
import type { EffectivePair } from '../../data/pairs/effective-preference';
import type { PairRecord } from '../../data/pairs/pair-records';

export type ChosenPairs = { pairs: EffectivePair[]; problem?: undefined } | { pairs?: undefined; problem: string };

/** The pairs the Train view's choice gives, with their decisions applied, or the sentence why there are none. */
export function choosePairs(pairs: readonly PairRecord[], choice: TrainingChoice): ChosenPairs {
  try {
    return { pairs: pairsForTraining(pairs, choice, 'tick their status to train on them') };
  } catch (error) {
    return { problem: (error as Error).message };
  }
}
