import { useEffect } from 'react';
import { PAIR_SORTS, type PairFilters, type PairSort } from '../../data/pairs/pair-filter';
import { REVIEW_STATUSES, type ReviewStatus } from '../../data/pairs/pair-records';
import { useReviewStore } from '../../state/review-store';
import { selectPair } from './review-actions';

/** #/pairs?method=sima&status=pending&q=star&sort=margin&pair=<id> */
function readUrl(): { filters: Partial<PairFilters>; pair?: string } {
  const params = new URLSearchParams(window.location.hash.split('?')[1] ?? '');
  const status = params.get('status') ?? '';
  const sort = params.get('sort') ?? 'created';
  const verdict = params.get('verdict') ?? '';
  const maxMargin = Number.parseFloat(params.get('maxMargin') ?? '');
  return {
    filters: {
      method: params.get('method') ?? '',
      status: (REVIEW_STATUSES as readonly string[]).includes(status) ? (status as ReviewStatus) : '',
      query: params.get('q') ?? '',
      verdict: ['[[1]]', '[[2]]', 'none'].includes(verdict) ? (verdict as PairFilters['verdict']) : '',
      maxMargin: Number.isFinite(maxMargin) ? maxMargin : null,
      sort: (PAIR_SORTS as readonly string[]).includes(sort) ? (sort as PairSort) : 'created',
    },
    pair: params.get('pair') ?? undefined,
  };
}

function writeUrl(filters: PairFilters, pair: string | undefined): void {
  const params = new URLSearchParams();
  if (filters.method) params.set('method', filters.method);
  if (filters.status) params.set('status', filters.status);
  if (filters.verdict) params.set('verdict', filters.verdict);
  if (filters.maxMargin !== null) params.set('maxMargin', String(filters.maxMargin));
  if (filters.query) params.set('q', filters.query);
  if (filters.sort !== 'created') params.set('sort', filters.sort);
  if (pair) params.set('pair', pair);
  const query = params.toString();
  const hash = `#/pairs${query ? `?${query}` : ''}`;
  if (window.location.hash !== hash) history.replaceState(null, '', hash);
}

/**
 * The URL holds the view's filters and selected pair: a reload, a shared link or an edit of the hash
 * in the same tab opens the same place.
 */
export function useReviewUrl(): void {
  useEffect(() => {
    const { filters, pair } = readUrl();
    useReviewStore.getState().setFilters(filters);
    if (pair) useReviewStore.getState().select(pair);
    const onHashChange = () => {
      if (!window.location.hash.startsWith('#/pairs')) return;
      const { filters, pair } = readUrl();
      const state = useReviewStore.getState();
      const current = state.filters;
      const changed = (Object.keys(filters) as (keyof PairFilters)[]).some((key) => filters[key] !== current[key]);
      if (changed) state.setFilters(filters);
      if (pair && pair !== state.selectedId) void selectPair(pair);
    };
    window.addEventListener('hashchange', onHashChange);
    const unsubscribe = useReviewStore.subscribe((state, previous) => {
      if (state.filters !== previous.filters || state.selectedId !== previous.selectedId)
        writeUrl(state.filters, state.selectedId);
    });
    return () => {
      window.removeEventListener('hashchange', onHashChange);
      unsubscribe();
    };
  }, []);
}
