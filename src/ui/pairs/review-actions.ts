import { database } from '../../data/database';
import { saveReviews, undoReviews } from '../../data/pair-review';
import type { StoredPair } from '../../data/records';
import { reviewStatusOf, type PairReview } from '../../methods/pairs/pair-records';
import { useReviewStore } from '../../state/review-store';

/** The decision a pair opens with: its stored review, else the method's own pick (chosen stays chosen). */
export function initialDraft(pair: StoredPair | undefined): PairReview | undefined {
  return pair && (pair.review ?? { status: 'accepted' });
}

export async function selectPair(id: string | undefined): Promise<void> {
  useReviewStore.getState().select(id, initialDraft(id ? await database.pairs.get(id) : undefined));
}

/** Stores the draft decision on the selected pair and moves to the next pair of the list as it was shown. */
export async function submitDraft(visible: readonly StoredPair[]): Promise<void> {
  const { selectedId, draft } = useReviewStore.getState();
  if (!selectedId || !draft) return;
  const at = visible.findIndex((pair) => pair.id === selectedId);
  const next = visible[at + 1] ?? visible[at - 1];
  try {
    const review: PairReview = { status: draft.status, decidedAt: Date.now() };
    for (const key of ['editedChosen', 'editedRejected', 'rationale'] as const) if (draft[key]?.trim()) review[key] = draft[key];
    useReviewStore.getState().recorded(await saveReviews([{ id: selectedId, review }]));
    await selectPair(next && next.id !== selectedId ? next.id : selectedId);
  } catch (error) {
    useReviewStore.getState().setError((error as Error).message);
  }
}

/** Takes back the last decision (or bulk accept) and shows its pair again. */
export async function undoLast(): Promise<void> {
  const changes = useReviewStore.getState().popUndo();
  if (!changes?.length) return;
  try {
    await undoReviews(changes);
    await selectPair(changes[0]!.id);
  } catch (error) {
    useReviewStore.getState().setError((error as Error).message);
  }
}

/** Accepts the method's pick for every listed pair not reviewed yet; one Ctrl+Z takes it all back. */
export async function acceptSuggestions(visible: readonly StoredPair[]): Promise<void> {
  const pending = visible.filter((pair) => reviewStatusOf(pair) === 'pending');
  if (pending.length === 0) return;
  const decidedAt = Date.now();
  try {
    useReviewStore.getState().recorded(await saveReviews(pending.map((pair) => ({ id: pair.id, review: { status: 'accepted', decidedAt } }))));
  } catch (error) {
    useReviewStore.getState().setError((error as Error).message);
  }
}
