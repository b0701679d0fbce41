// Which pairs a training run uses: one method's or every method's, with the review statuses the
// user ticked (default: the decided ones). The same selection as export, so a run trains on what
// an export of those statuses holds, with the decisions applied.
import type { EffectivePair } from './effective-preference';
import { DECIDED_STATUSES, type PairRecord, type ReviewStatus } from './pair-records';
import { selectPairs } from './select-pairs';

export interface TrainingChoice {
  /** '' = every method's pairs. */
  method: string;
  statuses: readonly ReviewStatus[];
}

export const DEFAULT_TRAINING_STATUSES: readonly ReviewStatus[] = DECIDED_STATUSES;

/** The chosen pairs, in order, with their decisions applied; a choice that gives none is one sentence. */
export function pairsForTraining(pairs: readonly PairRecord[], choice: TrainingChoice, includeHint: string): EffectivePair[] {
  if (pairs.length === 0) throw new Error('There are no pairs to train on; import a pairs file first.');
  if (choice.statuses.length === 0) throw new Error('Choose at least one review status to train on.');
  const ofMethod = choice.method ? pairs.filter((pair) => pair.method === choice.method) : pairs;
  if (ofMethod.length === 0) throw new Error(`There are no ${choice.method} pairs to train on.`);
  return selectPairs(ofMethod, { statuses: choice.statuses, includeHint });
}
