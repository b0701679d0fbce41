import { pairColumns, type PairColumns } from './pair-columns';
import type { StoredPair } from '../records';
import { reviewStatusOf, type ReviewStatus } from './pair-records';

export const PAIR_SORTS = ['created', 'method', 'status', 'margin'] as const;
export type PairSort = (typeof PAIR_SORTS)[number];

export interface PairFilters {
  /** '' = every method / status. */
  method: string;
  status: ReviewStatus | '';
  /** '' = any; 'none' = pairs without a critic verdict. */
  verdict: '' | '[[1]]' | '[[2]]' | 'none';
  /** Only pairs whose method margin is below this (the ones the method was least sure of); null = any. */
  maxMargin: number | null;
  /** Words that must all appear (any case) in the prompt, an answer, an edit, the id or the critic's text. */
  query: string;
  sort: PairSort;
}

export const NO_FILTERS: PairFilters = {
  method: '',
  status: '',
  verdict: '',
  maxMargin: null,
  query: '',
  sort: 'created',
};

function searchableText(pair: StoredPair): string {
  const critic = (pair.evidence as { critic?: unknown } | undefined)?.critic;
  return [
    pair.id,
    pair.prompt,
    pair.chosen,
    pair.rejected,
    pair.review?.editedChosen,
    pair.review?.editedRejected,
    pair.review?.rationale,
    typeof critic === 'string' ? critic : '',
  ]
    .join('\n')
    .toLowerCase();
}

/** The pairs the review table lists, in its order (ties by creation, then id, so the order is stable). */
export function filterPairs(pairs: readonly StoredPair[], filters: PairFilters): StoredPair[] {
  const words = filters.query.toLowerCase().split(/\s+/).filter(Boolean);
  // Each pair's evidence columns are read once, not once per comparison.
  const columns = new Map<StoredPair, PairColumns>();
  const columnsOf = (pair: StoredPair) => columns.get(pair) ?? columns.set(pair, pairColumns(pair)).get(pair)!;
  const marginOf = (pair: StoredPair) => columnsOf(pair).margin ?? Infinity;
  const matches = (pair: StoredPair) => {
    const text = searchableText(pair);
    return words.every((word) => text.includes(word));
  };
  const kept = pairs.filter(
    (pair) =>
      (!filters.method || pair.method === filters.method) &&
      (!filters.status || reviewStatusOf(pair) === filters.status) &&
      (!filters.verdict || (columnsOf(pair).verdict ?? 'none') === filters.verdict) &&
      (filters.maxMargin === null || marginOf(pair) < filters.maxMargin) &&
      (words.length === 0 || matches(pair)),
  );
  const byCreation = (a: StoredPair, b: StoredPair) =>
    a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const compare: Record<PairSort, (a: StoredPair, b: StoredPair) => number> = {
    created: byCreation,
    method: (a, b) => a.method.localeCompare(b.method) || byCreation(a, b),
    status: (a, b) => reviewStatusOf(a).localeCompare(reviewStatusOf(b)) || byCreation(a, b),
    // Smallest margin first: the pairs the method was least sure of come up first.
    margin: (a, b) => marginOf(a) - marginOf(b) || byCreation(a, b),
  };
  return kept.sort(compare[filters.sort]);
}
