// Which pairs go out: those with the chosen review statuses, with the decision applied (see
// methods/pairs/effective-preference). Training chooses its pairs the same way (training-choice).
import { effectivePreference, type EffectivePair } from './effective-preference';
import { DECIDED_STATUSES, REVIEW_STATUSES, reviewStatusOf, type PairRecord, type ReviewStatus } from './pair-records';

export interface SelectOptions {
  /** The statuses to export; default: the decided ones (accepted, swapped). */
  statuses?: readonly ReviewStatus[];
  /** How the user includes other statuses where they are (e.g. "pass --status pending,accepted,swapped"). */
  includeHint?: string;
}

const listed = (words: readonly string[]) =>
  words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;

/** The pairs with the chosen statuses, in input order, with the decision applied; none is one sentence. */
export function selectPairs(pairs: readonly PairRecord[], options: SelectOptions = {}): EffectivePair[] {
  return pairsWithStatuses(pairs, options).map(effectivePreference);
}

/** The pairs with the chosen statuses, in input order, as they are stored; none is one sentence. */
export function pairsWithStatuses(pairs: readonly PairRecord[], options: SelectOptions = {}): PairRecord[] {
  const statuses = options.statuses ?? DECIDED_STATUSES;
  const selected = pairs.filter((pair) => statuses.includes(reviewStatusOf(pair)));
  if (selected.length > 0) return selected;
  const counts = REVIEW_STATUSES.map(
    (status) => [status, pairs.filter((pair) => reviewStatusOf(pair) === status).length] as const,
  ).filter(([, n]) => n > 0);
  const present = counts.map(([status, n]) => `${n} ${status}`).join(', ');
  const hint = options.includeHint ?? 'choose those statuses to export them';
  throw new Error(`No pair has the status ${listed(statuses)} (the pairs are ${present || 'none'}): ${hint}.`);
}
