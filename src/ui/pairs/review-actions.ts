import { database } from '../../data/database';
import { saveReviews, undoReviews } from '../../data/pairs/pair-review';
import type { StoredPair } from '../../data/records';
import { reviewStatusOf, type PairReview } from '../../data/pairs/pair-records';
import { clearDraft, loadDraft } from '../../state/review-drafts';
import { useReviewStore } from '../../state/review-store';

/** The decision a pair opens with: its unsubmitted draft, else its stored review, else the method's own pick. */
export function initialDraft(pair: StoredPair | undefined): PairReview | undefined {
  return pair && (loadDraft(pair.id) ?? pair.review ?? { status: 'accepted' });
}

/** Focus back on the pair (off the rationale field or a button), so the next key is a shortcut. */
export function focusPair(): void {
  if (typeof document === 'undefined') return;
  (document.activeElement as HTMLElement | null)?.blur();
  document.querySelector<HTMLElement>('[data-testid="review-pane"]')?.focus({ preventScroll: true });
}

// Which ask to open a pair is the latest: an older one still reading its pair must not win.
let selecting = 0;

/** Opens a pair the list already holds: at once, so keys pressed right after apply to it. */
export function showPair(pair: StoredPair): void {
  selecting++;
  useReviewStore.getState().select(pair.id, initialDraft(pair));
}

/** Opens a pair by id once it is read; when asked again meanwhile (a click, the hash), the last ask wins. */
export async function selectPair(id: string | undefined): Promise<void> {
  const ask = ++selecting;
  const pair = id ? await database.pairs.get(id) : undefined;
  if (ask === selecting) useReviewStore.getState().select(id, initialDraft(pair));
}

// Stores and undos run one after another in the order they were asked for, so a Ctrl+Z right after
// an Enter takes back that Enter's decision, not the one before.
let pending: Promise<void> = Promise.resolve();
let inFlight = 0;
function inOrder(work: () => Promise<void>): Promise<void> {
  inFlight++;
  pending = pending
    .then(work)
    .catch((error: unknown) => useReviewStore.getState().setError((error as Error).message))
    .finally(() => void inFlight--);
  return pending;
}
// Leaving while a decision is still being written asks first (writes take milliseconds, so rarely).
if (typeof window !== 'undefined')
  window.addEventListener('beforeunload', (event) => inFlight > 0 && event.preventDefault());

/** Stores the draft decision on the selected pair and moves to the next pair of the list as it was shown. */
export function submitDraft(visible: readonly StoredPair[]): Promise<void> {
  const { selectedId, draft } = useReviewStore.getState();
  if (!selectedId || !draft) return pending;
  const at = visible.findIndex((pair) => pair.id === selectedId);
  const next = visible[at + 1] ?? visible[at - 1];
  const review: PairReview = { status: draft.status, decidedAt: Date.now() };
  for (const key of ['editedChosen', 'editedRejected', 'rationale'] as const)
    if (draft[key]?.trim()) review[key] = draft[key];
  if (next && next.id !== selectedId) showPair(next);
  return inOrder(async () => {
    useReviewStore.getState().recorded(await saveReviews([{ id: selectedId, review }]));
    clearDraft(selectedId);
  });
}

/** Takes back the last decision (or bulk accept) and shows its pair again. */
export function undoLast(): Promise<void> {
  return inOrder(async () => {
    const changes = useReviewStore.getState().popUndo();
    if (!changes?.length) return;
    await undoReviews(changes);
    await selectPair(changes[0]!.id);
  });
}

/**
 * Accepts the method's pick for every listed pair not reviewed yet, after asking with the count; one
 * Ctrl+Z takes it all back. These are marked bulk: agreement and pace count only decisions made one by one.
 */
export function acceptSuggestions(
  visible: readonly StoredPair[],
  confirm: (question: string) => boolean = (question) => window.confirm(question),
): Promise<void> {
  const unreviewed = visible.filter((pair) => reviewStatusOf(pair) === 'pending');
  if (unreviewed.length === 0) return pending;
  const n = unreviewed.length;
  if (
    !confirm(
      `Accept the method's pick for ${n} pending pair${n === 1 ? '' : 's'} without looking at them? (Ctrl+Z undoes it.)`,
    )
  )
    return pending;
  const decidedAt = Date.now();
  return inOrder(async () => {
    useReviewStore
      .getState()
      .recorded(
        await saveReviews(
          unreviewed.map((pair) => ({ id: pair.id, review: { status: 'accepted', decidedAt, bulk: true } })),
        ),
      );
    for (const pair of unreviewed) clearDraft(pair.id);
  });
}
