// What a pair says once the annotator's decision is applied, for export and for training alike:
// 'swapped' exchanges chosen and rejected; edits replace the texts (they refer to the method's
// original chosen / rejected, so they are applied before the swap). Other statuses (pending, tie,
// both-bad, skipped) keep the method's order.
import { reviewStatusOf, type PairRecord, type ReviewStatus } from './pair-records';

export interface EffectivePair {
  pair: PairRecord;
  status: ReviewStatus;
  chosen: string;
  rejected: string;
}

type Side = 'chosen' | 'rejected';

/** An edit counts when it holds text: an empty edit box is no edit. */
const editOf = (text: string | undefined): string | undefined =>
  text !== undefined && text.trim() !== '' ? text : undefined;

export function effectivePreference(pair: PairRecord): EffectivePair {
  const status = reviewStatusOf(pair);
  const chosen = editOf(pair.review?.editedChosen) ?? pair.chosen;
  const rejected = editOf(pair.review?.editedRejected) ?? pair.rejected;
  return status === 'swapped'
    ? { pair, status, chosen: rejected, rejected: chosen }
    : { pair, status, chosen, rejected };
}

/** The method's original text of a side the annotator edited, else null. */
export function originalIfEdited(pair: PairRecord, side: Side): string | null {
  const edit = editOf(side === 'chosen' ? pair.review?.editedChosen : pair.review?.editedRejected);
  return edit === undefined ? null : pair[side];
}

/**
 * The FiSAO token weights of the effective chosen and rejected answers: a swap carries them along,
 * an edited side has none (its weights were for the tokens of the text it replaced).
 */
export function effectiveWeights(pair: PairRecord): { chosenWeights?: number[]; rejectedWeights?: number[] } {
  const weightsOf = (side: Side) =>
    originalIfEdited(pair, side) === null ? pair[side === 'chosen' ? 'chosenWeights' : 'rejectedWeights'] : undefined;
  const [chosenFrom, rejectedFrom]: Side[] =
    reviewStatusOf(pair) === 'swapped' ? ['rejected', 'chosen'] : ['chosen', 'rejected'];
  return { chosenWeights: weightsOf(chosenFrom), rejectedWeights: weightsOf(rejectedFrom) };
}
