// Which pairs a training run uses: one method's or every method's, with the review statuses the
// user ticked (default: the decided ones). The same selection as export, so a run trains on what
// an export of those statuses holds; training applies each decision as it tokenises the pairs
// (pipeline/training/pair-tokens.ts), so a resumed run trains on the pair's decision of the day.
import { DECIDED_STATUSES, type PairRecord, type ReviewStatus } from './pair-records';
import { pairsWithStatuses } from './select-pairs';

export interface TrainingChoice {
  /** '' = every method's pairs. */
  method: string;
  statuses: readonly ReviewStatus[];
}

export const DEFAULT_TRAINING_STATUSES: readonly ReviewStatus[] = DECIDED_STATUSES;

/** The chosen pairs, in order; a choice that gives none is one sentence. */
export function pairsForTraining(
  pairs: readonly PairRecord[],
  choice: TrainingChoice,
  includeHint: string,
): PairRecord[] {
  if (pairs.length === 0) throw new Error('There are no pairs to train on; import a pairs file first.');
  if (choice.statuses.length === 0) throw new Error('Choose at least one review status to train on.');
  const ofMethod = choice.method ? pairs.filter((pair) => pair.method === choice.method) : pairs;
  if (ofMethod.length === 0) throw new Error(`There are no ${choice.method} pairs to train on.`);
  return pairsWithStatuses(ofMethod, { statuses: choice.statuses, includeHint });
}
