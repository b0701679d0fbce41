import { describe, expect, it } from 'vitest';
import { bestAndWorst, fusedValues, type SentenceNode } from './path-scores';

// Two first sentences (0, 1); node 0 has two endings (2, 3), node 1 one (4).
const node = (id: number, parent: number | null, rT: number, rI: number, final = false): SentenceNode => ({
  id,
  parent,
  depth: parent === null ? 0 : 1,
  sentence: `s${id}`,
  rT,
  rI,
  final,
});
const tree = [
  node(0, null, 0.9, 0.1),
  node(1, null, 0.5, 0.3),
  node(2, 0, 0.6, 0.2, true),
  node(3, 0, 0.8, 0.25, true),
  node(4, 1, 0.7, 0.05, true),
];

describe('CSR path scores', () => {
  it('rank fusion: siblings ranked (i + 1) / n by the model and by CLIP, mixed with λ', () => {
    const values = fusedValues(tree, 'rank', 0.9);
    // Roots: by rT node 0 is first (1/2), by rI node 1 is first (1/2).
    expect(values.get(0)).toBeCloseTo(0.1 * 0.5 + 0.9 * 1, 10);
    expect(values.get(1)).toBeCloseTo(0.1 * 1 + 0.9 * 0.5, 10);
    // Children of 0: by rT 3 then 2; by rI 3 then 2. An only child ranks 1 / 1.
    expect(values.get(3)).toBeCloseTo(0.5, 10);
    expect(values.get(2)).toBeCloseTo(1, 10);
    expect(values.get(4)).toBeCloseTo(1, 10);
  });

  it('chosen is the path with the lowest mean rank, rejected the highest', () => {
    const { best, worst } = bestAndWorst(tree, [2, 3, 4], 'rank', 0.9);
    // Paths: 0→2 (0.95 + 1) / 2 = 0.975; 0→3 (0.95 + 0.5) / 2 = 0.725; 1→4 (0.55 + 1) / 2 = 0.775.
    expect(best).toEqual({ leaf: 3, score: expect.closeTo(0.725, 10) });
    expect(worst).toEqual({ leaf: 2, score: expect.closeTo(0.975, 10) });
  });

  it('raw-score fusion: R = λ·R_I + (1 − λ)·R_T, highest mean wins', () => {
    const { best, worst } = bestAndWorst(tree, [2, 3, 4], 'raw', 0.5);
    // 0→2: (0.5 + 0.4) / 2 = 0.45; 0→3: (0.5 + 0.525) / 2 = 0.5125; 1→4: (0.4 + 0.375) / 2 = 0.3875.
    expect(best.leaf).toBe(3);
    expect(worst.leaf).toBe(4);
  });
});
