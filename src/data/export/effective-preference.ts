// Which pairs go out and what they say once the annotator's decision is applied: 'swapped'
// exchanges chosen and rejected; edits replace the texts (they refer to the method's original
// chosen / rejected, so they are applied before the swap). Other statuses, when chosen for export
// (pending, tie, both-bad, skipped), keep the method's order.
import { DECIDED_STATUSES, REVIEW_STATUSES, reviewStatusOf, type PairRecord, type ReviewStatus } from '../../methods/pairs/pair-records';

export interface EffectivePair {
  pair: PairRecord;
  status: ReviewStatus;
  chosen: string;
  rejected: string;
}

/** An edit counts when it holds text: an empty edit box is no edit. */
const editOf = (text: string | undefined): string | undefined => (text !== undefined && text.trim() !== '' ? text : undefined);

export function effectivePreference(pair: PairRecord): EffectivePair {
  const status = reviewStatusOf(pair);
  const chosen = editOf(pair.review?.editedChosen) ?? pair.chosen;
  const rejected = editOf(pair.review?.editedRejected) ?? pair.rejected;
  return status === 'swapped' ? { pair, status, chosen: rejected, rejected: chosen } : { pair, status, chosen, rejected };
}

/** The method's original text of a side the annotator edited, else null. */
export function originalIfEdited(pair: PairRecord, side: 'chosen' | 'rejected'): string | null {
  const edit = editOf(side === 'chosen' ? pair.review?.editedChosen : pair.review?.editedRejected);
  return edit === undefined ? null : pair[side];
}

export interface SelectOptions {
  /** The statuses to export; default: the decided ones (accepted, swapped). */
  statuses?: readonly ReviewStatus[];
  /** How the user includes other statuses where they are (e.g. "pass --status pending,accepted,swapped"). */
  includeHint?: string;
}

const listed = (words: readonly string[]) => (words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`);

/** The pairs with the chosen statuses, in input order, with the decision applied; none is one sentence. */
export function selectPairs(pairs: readonly PairRecord[], options: SelectOptions = {}): EffectivePair[] {
  const statuses = options.statuses ?? DECIDED_STATUSES;
  const selected = pairs.filter((pair) => statuses.includes(reviewStatusOf(pair))).map(effectivePreference);
  if (selected.length > 0) return selected;
  const counts = REVIEW_STATUSES.map((status) => [status, pairs.filter((pair) => reviewStatusOf(pair) === status).length] as const).filter(([, n]) => n > 0);
  const present = counts.map(([status, n]) => `${n} ${status}`).join(', ');
  const hint = options.includeHint ?? 'choose those statuses to export them';
  throw new Error(`No pair has the status ${listed(statuses)} (the pairs are ${present || 'none'}): ${hint}.`);
}
