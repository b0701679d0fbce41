import { describe, expect, it } from 'vitest';
import { pairColumns } from './pair-columns';
import { filterPairs, NO_FILTERS } from './pair-filter';
import type { StoredPair } from '../records';

const pair = (id: string, extra: Partial<StoredPair> = {}): StoredPair => ({
  id,
  method: 'sima',
  prompt: 'Describe the image.',
  image: { scene: { split: 'train', seed: 1, index: 0 } },
  chosen: 'A red circle.',
  rejected: 'A blue star.',
  contentKey: id,
  createdAt: 1,
  ...extra,
});

describe('filterPairs', () => {
  const pairs = [
    pair('a', { createdAt: 3, review: { status: 'accepted' } }),
    pair('b', {
      createdAt: 1,
      method: 'csr',
      evidence: { method: 'csr', fusion: 'rank', chosenScore: 0.2, rejectedScore: 0.9 } as never,
    }),
    pair('c', {
      createdAt: 2,
      chosen: 'Two green squares.',
      evidence: { method: 'sima', critic: 'Response 2 invents a TRIANGLE.', verdict: 2 } as never,
    }),
    pair('d', {
      createdAt: 2,
      method: 'csr',
      evidence: { method: 'csr', fusion: 'rank', chosenScore: 0.4, rejectedScore: 0.5 } as never,
    }),
  ];

  it('filters by method, status and every word of the query, in any case, including the critic text', () => {
    expect(filterPairs(pairs, { ...NO_FILTERS, method: 'csr' }).map((p) => p.id)).toEqual(['b', 'd']);
    expect(filterPairs(pairs, { ...NO_FILTERS, status: 'pending' }).map((p) => p.id)).toEqual(['b', 'c', 'd']);
    expect(filterPairs(pairs, { ...NO_FILTERS, status: 'accepted' }).map((p) => p.id)).toEqual(['a']);
    expect(filterPairs(pairs, { ...NO_FILTERS, query: 'triangle GREEN' }).map((p) => p.id)).toEqual(['c']);
    expect(filterPairs(pairs, { ...NO_FILTERS, verdict: '[[2]]' }).map((p) => p.id)).toEqual(['c']);
    expect(filterPairs(pairs, { ...NO_FILTERS, verdict: 'none' }).map((p) => p.id)).toEqual(['b', 'd', 'a']);
    expect(filterPairs(pairs, { ...NO_FILTERS, maxMargin: 0.5 }).map((p) => p.id)).toEqual(['d']);
  });

  it('sorts by creation (ties by id) or by margin, least sure first', () => {
    expect(filterPairs(pairs, NO_FILTERS).map((p) => p.id)).toEqual(['b', 'c', 'd', 'a']);
    expect(filterPairs(pairs, { ...NO_FILTERS, sort: 'margin' }).map((p) => p.id)).toEqual(['d', 'b', 'c', 'a']);
  });

  it("reads FiSAO's scores and margin from its two rewarded answers", () => {
    const fisao = {
      ...pairs[0]!,
      method: 'fisao',
      evidence: { method: 'fisao', chosen: { score: 1.25 }, rejected: { score: -0.5 } },
    } as (typeof pairs)[number];
    expect(pairColumns(fisao)).toEqual({ chosenScore: 1.25, rejectedScore: -0.5, margin: 1.75 });
  });

  it('reads the verdict and the margin from the evidence (rank fusion: lower is better)', () => {
    expect(pairColumns(pairs[2]!)).toEqual({ verdict: '[[2]]' });
    expect(pairColumns(pairs[1]!).margin).toBeCloseTo(0.7);
  });
});
