import { describe, expect, it } from 'vitest';
import { deltaVerdict, DELTA_FIGURES, formatDelta } from './delta-figures';

describe('delta figures', () => {
  it('cover every figure the comparison gives a delta for, in its order (evaluation/compare-results.ts DELTA_KEYS)', () => {
    expect(DELTA_FIGURES.map((f) => f.key)).toEqual([
      'chair_i',
      'chair_s',
      'attr_error',
      'pope_random_f1',
      'pope_popular_f1',
      'pope_adversarial_f1',
      'qa_color',
      'qa_count',
      'qa_position',
      'qa_relation',
    ]);
  });

  it('read percentage points with the interval, and tell better from worse only when the interval excludes 0', () => {
    expect(formatDelta({ value: -0.032, ci95: [-0.06, -0.004] })).toBe('−3.2 pts [−6.0, −0.4]');
    expect(formatDelta({ value: 0, ci95: [0, 0] })).toBe('±0.0 pts [±0.0, ±0.0]');
    expect(deltaVerdict({ value: -0.03, ci95: [-0.06, -0.004] }, true)).toBe('better');
    expect(deltaVerdict({ value: -0.03, ci95: [-0.06, -0.004] }, false)).toBe('worse');
    expect(deltaVerdict({ value: 0.01, ci95: [-0.01, 0.03] }, true)).toBe('unclear');
  });

  it('read an older summary with parts missing as no value instead of throwing', () => {
    const old = { chair: { i: 0.2, s: 0.5 } } as never;
    expect(DELTA_FIGURES.map((f) => f.value(old))).toEqual([0.2, 0.5, ...Array(8).fill(undefined)]);
  });
});
