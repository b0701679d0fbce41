import { create } from 'zustand';
import { NO_FILTERS, type PairFilters } from '../data/pairs/pair-filter';
import type { ReviewChange } from '../data/pairs/pair-review';
import type { PairReview } from '../data/pairs/pair-records';
import { saveDraft } from './review-drafts';

/** The Pairs view's state. Filters and the selected pair live in the URL too (see use-review-url). */
interface ReviewState {
  filters: PairFilters;
  selectedId?: string;
  /** The decision being made on the selected pair, before Enter stores it. */
  draft?: PairReview;
  /** Whether the answers are being edited (E), and which one has the focus first. */
  editing?: 'chosen' | 'rejected';
  /** Stored decisions, newest last: Ctrl+Z takes back the last batch. */
  undo: ReviewChange[][];
  /** When each decision of this session was stored, one by one: the annotator's pace. */
  decidedAt: number[];
  /** Pairs accepted in bulk ("Accept suggestions") this session: shown apart, not in the pace. */
  bulkAccepted: number;
  helpOpen: boolean;
  error?: string;
  setFilters(filters: Partial<PairFilters>): void;
  select(id: string | undefined, draft?: PairReview): void;
  setDraft(draft: Partial<PairReview>): void;
  setEditing(editing: 'chosen' | 'rejected' | undefined): void;
  recorded(changes: ReviewChange[]): void;
  popUndo(): ReviewChange[] | undefined;
  toggleHelp(open?: boolean): void;
  setError(error?: string): void;
}

export const useReviewStore = create<ReviewState>()((set, get) => ({
  filters: NO_FILTERS,
  undo: [],
  decidedAt: [],
  bulkAccepted: 0,
  helpOpen: false,
  setFilters: (filters) => set((s) => ({ filters: { ...s.filters, ...filters } })),
  select: (selectedId, draft) => set({ selectedId, draft, editing: undefined }),
  setDraft: (draft) =>
    set((s) => {
      const next = { ...(s.draft ?? { status: 'accepted' as const }), ...draft };
      if (s.selectedId) saveDraft(s.selectedId, next);
      return { draft: next };
    }),
  setEditing: (editing) => set({ editing }),
  recorded: (changes) =>
    set((s) => {
      const bulk = changes.filter((change) => change.after?.bulk).length;
      return {
        undo: [...s.undo, changes],
        decidedAt: [...s.decidedAt, ...changes.filter((change) => !change.after?.bulk).map(() => Date.now())],
        bulkAccepted: s.bulkAccepted + bulk,
        error: undefined,
      };
    }),
  popUndo: () => {
    const last = get().undo.at(-1);
    if (last) {
      const bulk = last.filter((change) => change.after?.bulk).length;
      set((s) => ({
        undo: s.undo.slice(0, -1),
        decidedAt: s.decidedAt.slice(0, Math.max(0, s.decidedAt.length - (last.length - bulk))),
        bulkAccepted: Math.max(0, s.bulkAccepted - bulk),
      }));
    }
    return last;
  },
  toggleHelp: (open) => set((s) => ({ helpOpen: open ?? !s.helpOpen })),
  setError: (error) => set({ error }),
}));
