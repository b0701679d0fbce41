import { pairsForTraining, type TrainingChoice } from '../../data/pairs/training-choice';
import type { PairRecord } from '../../data/pairs/pair-records';

export type ChosenPairs = { pairs: PairRecord[]; problem?: undefined } | { pairs?: undefined; problem: string };

/** The pairs the Train view's choice gives (the worker applies their decisions), or the sentence why there are none. */
export function choosePairs(pairs: readonly PairRecord[], choice: TrainingChoice): ChosenPairs {
  try {
    return { pairs: pairsForTraining(pairs, choice, 'tick their status to train on them') };
  } catch (error) {
    return { problem: (error as Error).message };
  }
}
