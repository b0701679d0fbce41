import { describe, expect, it } from 'vitest';
import { createRng } from '../common/random';
import {
  bootstrapDifferences,
  pairedBootstrap,
  quantileOfSorted,
  ratioOfSums,
  type SceneRatio,
} from './paired-bootstrap';

const scenes = (pairs: [number, number][]): SceneRatio[] => pairs.map(([num, den]) => ({ num, den }));

describe('pairedBootstrap', () => {
  it('gives a zero-width interval at zero when both results are the same on every scene', () => {
    const same = scenes([
      [1, 4],
      [0, 3],
      [2, 2],
      [0, 0],
    ]);
    expect(pairedBootstrap(same, same, { seed: 7 })).toEqual({ value: 0, ci95: [0, 0] });
  });

  it('gives a zero-width interval at the shift when every scene shifts by the same share of its denominator', () => {
    // Each scene has 10 mentions; the adapted model hallucinates 2 more in each, so every resample's
    // difference is 2n / 10n = 0.2 whatever scenes it draws.
    const base = scenes([
      [1, 10],
      [3, 10],
      [0, 10],
      [5, 10],
      [2, 10],
    ]);
    const adapted = base.map(({ num, den }) => ({ num: num + 2, den }));
    const delta = pairedBootstrap(base, adapted, { seed: 3 });
    expect(delta.value).toBeCloseTo(0.2, 12);
    expect(delta.ci95[0]).toBeCloseTo(0.2, 12);
    expect(delta.ci95[1]).toBeCloseTo(0.2, 12);
  });

  it('finds the derivable interval of a two-scene case: the resampled difference is 0, −½ or −1', () => {
    // Scene a: hallucinated in base, fixed in adapted; scene b: clean in both. A resample of two
    // scenes holds a 0, 1 or 2 times (¼, ½, ¼), so the difference is 0, −½ or −1 and, each end
    // having mass ¼ > 2.5%, the 95% interval is [−1, 0].
    const base = scenes([
      [1, 1],
      [0, 1],
    ]);
    const adapted = scenes([
      [0, 1],
      [0, 1],
    ]);
    const delta = pairedBootstrap(base, adapted, { seed: 11 });
    expect(delta).toEqual({ value: -0.5, ci95: [-1, 0] });
    const diffs = bootstrapDifferences(base, adapted, { seed: 11 });
    expect(new Set(diffs)).toEqual(new Set([0, -0.5, -1]));
    expect(diffs.filter((d) => d === -0.5).length / diffs.length).toBeCloseTo(0.5, 1);
  });

  it('matches a brute-force recomputation with the same seeded draws (B = 9)', () => {
    const base = scenes([
      [2, 5],
      [0, 4],
      [1, 1],
      [3, 6],
    ]);
    const adapted = scenes([
      [1, 5],
      [1, 3],
      [0, 2],
      [1, 6],
    ]);
    const B = 9;
    const seed = 42;
    const rng = createRng(seed);
    const brute: number[] = [];
    for (let b = 0; b < B; b++) {
      const drawn = Array.from({ length: 4 }, () => rng.int(4));
      const sum = (s: SceneRatio[], key: 'num' | 'den') => drawn.reduce((t, i) => t + s[i]![key], 0);
      const r = (s: SceneRatio[]) => (sum(s, 'den') === 0 ? 0 : sum(s, 'num') / sum(s, 'den'));
      brute.push(r(adapted) - r(base));
    }
    brute.sort((a, b) => a - b);
    // Type-7 quantiles of 9 values: h = 8 × 0.025 = 0.2 and 8 × 0.975 = 7.8.
    const lo = brute[0]! + 0.2 * (brute[1]! - brute[0]!);
    const hi = brute[7]! + 0.8 * (brute[8]! - brute[7]!);
    const delta = pairedBootstrap(base, adapted, { resamples: B, seed });
    expect(delta.value).toBeCloseTo(3 / 16 - 6 / 16, 12);
    expect(delta.ci95[0]).toBeCloseTo(lo, 12);
    expect(delta.ci95[1]).toBeCloseTo(hi, 12);
  });

  it('is deterministic in its seed and refuses unpaired inputs', () => {
    const base = scenes([
      [1, 3],
      [2, 3],
      [0, 3],
    ]);
    const adapted = scenes([
      [0, 3],
      [2, 3],
      [1, 3],
    ]);
    expect(pairedBootstrap(base, adapted, { seed: 5 })).toEqual(pairedBootstrap(base, adapted, { seed: 5 }));
    expect(() => pairedBootstrap(base, adapted.slice(1))).toThrow(/same scenes/);
  });
});

describe('ratioOfSums and quantileOfSorted', () => {
  it('sums before dividing, and interpolates between order statistics', () => {
    expect(
      ratioOfSums(
        scenes([
          [1, 2],
          [0, 8],
        ]),
      ),
    ).toBeCloseTo(0.1);
    expect(ratioOfSums(scenes([[0, 0]]))).toBe(0);
    expect(quantileOfSorted([0, 10], 0.25)).toBe(2.5);
    expect(quantileOfSorted([4], 0.975)).toBe(4);
  });
});
