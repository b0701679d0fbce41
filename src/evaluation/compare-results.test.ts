import { describe, expect, it } from 'vitest';
import type { EvalSceneCounts, EvalSummary } from '../data/evals';
import { describeScene, type Scene } from '../world';
import type { Answerer } from './answerer';
import { classifyScene, compareResults, DELTA_KEYS, unpairedReason } from './compare-results';
import { buildEvalSet } from './eval-set';
import { evaluateModel } from './evaluate-model';

describe('classifyScene', () => {
  it.each([
    [0, 0, 'unchanged'], // clean in both
    [2, 2, 'unchanged'], // as many hallucinations in both
    [1, 0, 'fixed'],
    [3, 1, 'fixed'], // fewer, though not none
    [0, 1, 'introduced'],
    [1, 2, 'introduced'], // more than before
  ] as const)('%i hallucinated → %i is %s', (first, second, expected) => {
    expect(classifyScene({ hallucinated: first }, { hallucinated: second })).toBe(expected);
  });
});

const counts = (hallucinated: number, mentions = 2): EvalSceneCounts => ({
  mentions,
  hallucinated,
  attr_errors: 0,
  present: mentions - hallucinated,
  pope: { random: { tp: 1, fp: hallucinated, tn: 2, fn: 0 } },
  qa: {
    color: { correct: 1, total: 1 },
    count: { correct: 0, total: 1 },
    position: { correct: 0, total: 0 },
    relation: { correct: 1, total: 1 },
  },
});

const result = (scenes: Record<string, EvalSceneCounts>, seed = 1): EvalSummary => ({
  model: 'm',
  adapter: null,
  dtype: 'fp32',
  device: 'cpu',
  n: Object.keys(scenes).length,
  seed,
  chair: { i: 0, s: 0 },
  attr_error: 0,
  pope: {
    random: { acc: 0, precision: 0, recall: 0, f1: 0, yes_ratio: 0 },
    popular: { acc: 0, precision: 0, recall: 0, f1: 0, yes_ratio: 0 },
    adversarial: { acc: 0, precision: 0, recall: 0, f1: 0, yes_ratio: 0 },
  },
  qa: { color: 0, count: 0, position: 0, relation: 0 },
  critic: { accuracy: 0 },
  scenes,
});

describe('compareResults', () => {
  it('lists the scenes fixed and introduced, and counts the unchanged', () => {
    const first = result({ a: counts(1), b: counts(0), c: counts(2), d: counts(0) });
    const second = result({ a: counts(0), b: counts(1), c: counts(2), d: counts(0) });
    const compared = compareResults(first, second, { seed: 3 });
    expect(compared.changed).toEqual({ fixed: ['a'], introduced: ['b'], unchanged: 2 });
    expect(compared.n).toBe(4);
    expect(Object.keys(compared.delta)).toEqual([...DELTA_KEYS]);
    expect(compared.delta.chair_i.value).toBe(0);
    expect(compared.delta.qa_color).toEqual({ value: 0, ci95: [0, 0] });
  });

  it('refuses, in one sentence, results on different scenes or without per-scene counts', () => {
    const first = result({ a: counts(1), b: counts(0) }, 1);
    const second = result({ a: counts(1), c: counts(0) }, 2);
    expect(unpairedReason(first, second)).toMatch(/^The two results are on different scenes .*\.$/);
    expect(() => compareResults(first, second)).toThrow(/different scenes/);
    expect(unpairedReason(first, { ...first, scenes: undefined })).toMatch(/no per-scene counts/);
  });

  it("reproduces each summary's figures from the per-scene counts: the deltas are the summaries' differences", async () => {
    const n = 8;
    const seed = 3;
    const items = buildEvalSet(n, seed);
    const scenes: Scene[] = items.map((item) => item.scene);
    // Answers the description with the truth (plus a black cross on odd scenes) and every question by its length.
    const answerer = (phantom: boolean): Answerer => {
      let next = 0;
      return {
        answer: async (_image, prompt) => {
          if (!prompt.endsWith('Describe the image.')) return prompt.length % 3 ? 'Yes.' : 'No, two.';
          const i = next++;
          return describeScene(scenes[i]!) + (phantom && i % 2 ? ' There is a black cross.' : '');
        },
      };
    };
    const clean = (await evaluateModel(answerer(false), { model: 'clean', n, seed })).summary;
    const phantom = (await evaluateModel(answerer(true), { model: 'phantom', n, seed })).summary;
    const compared = compareResults(clean, phantom, { seed: 1 });
    expect(compared.delta.chair_i.value).toBeCloseTo(phantom.chair.i - clean.chair.i, 12);
    expect(compared.delta.chair_s.value).toBeCloseTo(phantom.chair.s - clean.chair.s, 12);
    expect(compared.delta.attr_error.value).toBeCloseTo(phantom.attr_error - clean.attr_error, 12);
    expect(compared.delta.chair_s.value).toBeGreaterThan(0);
    for (const split of ['random', 'popular', 'adversarial'] as const) {
      // The same answers to every question: F1 from the per-scene tp/fp/fn is the summary's, and unchanged.
      expect(compared.delta[`pope_${split}_f1`].value).toBeCloseTo(0, 12);
      const sum = (key: 'tp' | 'fp' | 'fn') =>
        Object.values(phantom.scenes!).reduce((t, c) => t + (c.pope[split]?.[key] ?? 0), 0);
      const den = 2 * sum('tp') + sum('fp') + sum('fn');
      expect(den === 0 ? 0 : (2 * sum('tp')) / den).toBeCloseTo(phantom.pope[split].f1, 12);
    }
    expect(compared.delta.qa_count.value).toBe(0);
    const hasCross = (s: Scene) => s.objects.some((o) => o.colour === 'black' && o.shape === 'cross');
    const introduced = scenes.filter((s, i) => i % 2 && !hasCross(s)).map((s) => s.id);
    expect(compared.changed.introduced).toEqual(introduced.sort());
    expect(compared.changed.fixed).toEqual([]);
    const [lo, hi] = compared.delta.chair_s.ci95;
    expect(lo).toBeLessThanOrEqual(compared.delta.chair_s.value);
    expect(hi).toBeGreaterThanOrEqual(compared.delta.chair_s.value);
  });
});
