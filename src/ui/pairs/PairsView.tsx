import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { database } from '../../data/database';
import { filterPairs } from '../../data/pairs/pair-filter';
import type { StoredPair } from '../../data/records';
import { useReviewStore } from '../../state/review-store';
import { ErrorLine } from '../common/ErrorLine';
import { ExportPanel } from './ExportPanel';
import { PairFilterFields } from './PairFilterFields';
import { PairTable } from './PairTable';
import { ReviewPane } from './ReviewPane';
import { ReviewProgress } from './ReviewProgress';
import { acceptSuggestions, focusPair, selectPair, submitDraft } from './review-actions';
import { ShortcutsOverlay } from './ShortcutsOverlay';
import { usePairShortcuts } from './use-pair-shortcuts';
import { usePaneFit } from './use-pane-fit';
import { useReviewUrl } from './use-review-url';

/** A pair opened from the URL, or none: its draft starts from the stored decision; with none, the first listed pair. */
function useSelectionInList(all: StoredPair[] | undefined, visible: StoredPair[]) {
  const selectedId = useReviewStore((s) => s.selectedId);
  const hasDraft = useReviewStore((s) => s.draft !== undefined);
  useEffect(() => {
    if (!all) return;
    if ((!selectedId || !all.some((pair) => pair.id === selectedId)) && visible[0]) void selectPair(visible[0].id);
    else if (selectedId && !hasDraft) void selectPair(selectedId);
  }, [all, visible, selectedId, hasDraft]);
}

/** Review: every stored pair in a filterable table, one pair at a time in the pane, keyboard first. */
export function PairsView() {
  useReviewUrl();
  const { filters, selectedId, helpOpen, error, setError, toggleHelp } = useReviewStore(
    useShallow(({ filters, selectedId, helpOpen, error, setError, toggleHelp }) => ({
      filters,
      selectedId,
      helpOpen,
      error,
      setError,
      toggleHelp,
    })),
  );
  const all = useLiveQuery(() => database.pairs.toArray(), []);
  const visible = useMemo(() => (all ? filterPairs(all, filters) : []), [all, filters]);
  const methods = useMemo(() => [...new Set(all?.map((pair) => pair.method))].sort(), [all]);
  const selected = all?.find((pair) => pair.id === selectedId);

  useSelectionInList(all, visible);
  usePairShortcuts(visible);
  const reviewColumn = useRef<HTMLDivElement>(null);
  usePaneFit(reviewColumn);

  // At desktop widths the table (and export) and the pane sit side by side, the pane fixed in view
  // with its decision buttons, so reviewing needs no scrolling.
  return (
    <div className="pairs-view">
      <div className="pairs-list">
        <section className="card">
          <h2>Pairs</h2>
          <div className="row">
            <PairFilterFields methods={methods} />
            <span data-testid="visible-count">
              {visible.length} of {all?.length ?? 0} pairs
            </span>
            <button
              onClick={() => void acceptSuggestions(visible)}
              title="Accept the method's pick for every listed pair not reviewed yet (Ctrl+Z undoes it)"
              data-testid="accept-all"
            >
              Accept suggestions for the listed pending pairs
            </button>
            <button className="link" onClick={() => toggleHelp(true)}>
              ? shortcuts
            </button>
          </div>
          <ReviewProgress pairs={all ?? []} />
          <ErrorLine message={error} onDismiss={() => setError(undefined)} />
          <PairTable pairs={visible} selectedId={selectedId} onSelect={(id) => void selectPair(id)} />
        </section>
        <ExportPanel />
      </div>
      <div className="pairs-review" ref={reviewColumn}>
        {selected ? (
          <ReviewPane
            pair={selected}
            onSubmit={() => {
              focusPair();
              void submitDraft(visible);
            }}
          />
        ) : (
          all?.length === 0 && (
            <p className="card muted">No pairs yet: make some in Methods, or import a pairs file in Train.</p>
          )
        )}
      </div>
      {helpOpen && <ShortcutsOverlay onClose={() => toggleHelp(false)} />}
    </div>
  );
}
