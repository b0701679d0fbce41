import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo } from 'react';
import { database } from '../../data/database';
import { filterPairs, PAIR_SORTS, type PairFilters, type PairSort } from '../../data/pairs/pair-filter';
import { REVIEW_STATUSES, type ReviewStatus } from '../../data/pairs/pair-records';
import { useReviewStore } from '../../state/review-store';
import { ErrorLine } from '../common/ErrorLine';
import { isTyping } from '../common/keyboard';
import { ExportPanel } from './ExportPanel';
import { PairTable } from './PairTable';
import { ReviewPane } from './ReviewPane';
import { ReviewProgress } from './ReviewProgress';
import { acceptSuggestions, focusPair, selectPair, showPair, submitDraft, undoLast } from './review-actions';
import { ShortcutsOverlay } from './ShortcutsOverlay';
import { useReviewUrl } from './use-review-url';
import { methodName } from '../../data/labels';

const decisionKeys: Record<string, ReviewStatus> = {
  '1': 'accepted',
  '2': 'swapped',
  t: 'tie',
  b: 'both-bad',
  s: 'skipped',
};

/** Review: every stored pair in a filterable table, one pair at a time in the pane, keyboard first. */
export function PairsView() {
  useReviewUrl();
  const store = useReviewStore();
  const all = useLiveQuery(() => database.pairs.toArray(), []);
  const visible = useMemo(() => (all ? filterPairs(all, store.filters) : []), [all, store.filters]);
  const methods = useMemo(() => [...new Set(all?.map((pair) => pair.method))].sort(), [all]);
  const selected = all?.find((pair) => pair.id === store.selectedId);

  // A pair opened from the URL, or none: its draft starts from the stored decision.
  useEffect(() => {
    if (!all) return;
    if ((!store.selectedId || !all.some((pair) => pair.id === store.selectedId)) && visible[0])
      void selectPair(visible[0].id);
    else if (store.selectedId && !store.draft) void selectPair(store.selectedId);
  }, [all, visible, store.selectedId, store.draft]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const state = useReviewStore.getState();
      if (event.key === 'Escape') {
        state.toggleHelp(false);
        state.setEditing(undefined);
        (document.activeElement as HTMLElement | null)?.blur();
        return;
      }
      // Enter in the rationale field stores the decision too; elsewhere typing is typing.
      if (event.key === 'Enter' && event.target instanceof HTMLInputElement && event.target.type === 'text') {
        event.preventDefault();
        focusPair();
        void submitDraft(visible);
        return;
      }
      if (isTyping(event.target)) return;
      const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
      const move = (step: number) => {
        const at = visible.findIndex((pair) => pair.id === state.selectedId);
        const next = visible[Math.min(visible.length - 1, Math.max(0, at + step))];
        if (next) showPair(next);
      };
      if ((event.ctrlKey || event.metaKey) && key === 'z') void undoLast();
      else if (event.ctrlKey || event.metaKey || event.altKey) return;
      else if (decisionKeys[key]) state.setDraft({ status: decisionKeys[key] });
      else if (key === 'e') state.setEditing('chosen');
      else if (key === 'Enter') void submitDraft(visible);
      else if (key === 'ArrowRight') move(1);
      else if (key === 'ArrowLeft') move(-1);
      else if (key === '?') state.toggleHelp();
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [visible]);

  return (
    <div className="pairs-view">
      <section className="card">
        <h2>Pairs</h2>
        <div className="row">
          <label>
            Method
            <select
              value={store.filters.method}
              onChange={(e) => store.setFilters({ method: e.target.value })}
              data-testid="filter-method"
            >
              <option value="">all</option>
              {methods.map((m) => (
                <option key={m} value={m}>
                  {methodName(m)}
                </option>
              ))}
            </select>
          </label>
          <label>
            Status
            <select
              value={store.filters.status}
              onChange={(e) => store.setFilters({ status: e.target.value as ReviewStatus | '' })}
              data-testid="filter-status"
            >
              <option value="">all</option>
              {REVIEW_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
          <label>
            Verdict
            <select
              value={store.filters.verdict}
              onChange={(e) => store.setFilters({ verdict: e.target.value as PairFilters['verdict'] })}
              data-testid="filter-verdict"
            >
              <option value="">any</option>
              <option value="[[1]]">[[1]]</option>
              <option value="[[2]]">[[2]]</option>
              <option value="none">none</option>
            </select>
          </label>
          <label title="Only pairs whose method margin is below this: the ones the method was least sure of.">
            Margin below
            <input
              type="number"
              step="0.05"
              value={store.filters.maxMargin ?? ''}
              placeholder="any"
              data-testid="filter-margin"
              onChange={(e) => store.setFilters({ maxMargin: e.target.value === '' ? null : Number(e.target.value) })}
            />
          </label>
          <label>
            Search
            <input
              type="search"
              value={store.filters.query}
              onChange={(e) => store.setFilters({ query: e.target.value })}
              placeholder="words in prompt, answers, critic"
              data-testid="filter-query"
            />
          </label>
          <label>
            Sort
            <select
              value={store.filters.sort}
              onChange={(e) => store.setFilters({ sort: e.target.value as PairSort })}
              data-testid="filter-sort"
            >
              {PAIR_SORTS.map((s) => (
                <option key={s} value={s}>
                  {s === 'margin' ? 'margin (least sure first)' : s}
                </option>
              ))}
            </select>
          </label>
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
          <button className="link" onClick={() => store.toggleHelp(true)}>
            ? shortcuts
          </button>
        </div>
        <ReviewProgress pairs={all ?? []} />
        <ErrorLine message={store.error} onDismiss={() => store.setError(undefined)} />
        <PairTable pairs={visible} selectedId={store.selectedId} onSelect={(id) => void selectPair(id)} />
      </section>
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
          <p className="muted">No pairs yet: make some in Methods, or import a pairs file in Train.</p>
        )
      )}
      <ExportPanel />
      {store.helpOpen && <ShortcutsOverlay onClose={() => store.toggleHelp(false)} />}
    </div>
  );
}
