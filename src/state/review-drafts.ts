import { database } from '../data/database';
import type { PairReview } from '../data/pairs/pair-records';

/**
 * The decision being made on a pair (choice, rationale, edits) before Enter stores it, kept in
 * localStorage per project and pair: a reload opens the pair with it again; storing the decision clears it.
 */
const keyOf = (id: string) => `selfalign.draft.${database.name}.${id}`;
const storage = (): Storage | undefined => (typeof localStorage === 'undefined' ? undefined : localStorage);

export function loadDraft(id: string): PairReview | undefined {
  try {
    const saved: unknown = JSON.parse(storage()?.getItem(keyOf(id)) ?? 'null');
    return saved && typeof saved === 'object' && typeof (saved as PairReview).status === 'string'
      ? (saved as PairReview)
      : undefined;
  } catch {
    return undefined;
  }
}

export function saveDraft(id: string, draft: PairReview): void {
  try {
    storage()?.setItem(keyOf(id), JSON.stringify(draft));
  } catch {
    // A full localStorage only loses the draft; the stored decisions are in IndexedDB.
  }
}

export function clearDraft(id: string): void {
  storage()?.removeItem(keyOf(id));
}
