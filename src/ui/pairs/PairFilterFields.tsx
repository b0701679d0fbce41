import { useShallow } from 'zustand/react/shallow';
import { PAIR_SORTS, type PairFilters, type PairSort } from '../../data/pairs/pair-filter';
import { REVIEW_STATUSES, type ReviewStatus } from '../../data/pairs/pair-records';
import { methodName } from '../../data/labels';
import { useReviewStore } from '../../state/review-store';

/** The Pairs table's filters (method, status, verdict, margin, words) and its sort. */
export function PairFilterFields({ methods }: { methods: string[] }) {
  const { filters, setFilters } = useReviewStore(useShallow(({ filters, setFilters }) => ({ filters, setFilters })));
  return (
    <>
      <label>
        Method
        <select
          value={filters.method}
          onChange={(e) => setFilters({ method: e.target.value })}
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
          value={filters.status}
          onChange={(e) => setFilters({ status: e.target.value as ReviewStatus | '' })}
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
          value={filters.verdict}
          onChange={(e) => setFilters({ verdict: e.target.value as PairFilters['verdict'] })}
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
          value={filters.maxMargin ?? ''}
          placeholder="any"
          data-testid="filter-margin"
          onChange={(e) => setFilters({ maxMargin: e.target.value === '' ? null : Number(e.target.value) })}
        />
      </label>
      <label>
        Search
        <input
          type="search"
          value={filters.query}
          onChange={(e) => setFilters({ query: e.target.value })}
          placeholder="words in prompt, answers, critic"
          data-testid="filter-query"
        />
      </label>
      <label>
        Sort
        <select
          value={filters.sort}
          onChange={(e) => setFilters({ sort: e.target.value as PairSort })}
          data-testid="filter-sort"
        >
          {PAIR_SORTS.map((s) => (
            <option key={s} value={s}>
              {s === 'margin' ? 'margin (least sure first)' : s}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}
