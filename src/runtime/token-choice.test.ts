import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../common/random';
import { chooseToken, logSoftmax, nucleusSize, samplingDistribution, topIndices } from './token-choice';

const logprobsOf = (probs: number[]) => Float64Array.from(probs.map(Math.log));

describe('top-p', () => {
  it('keeps the smallest set of tokens whose mass is at least p', () => {
    const probs = [0.5, 0.3, 0.15, 0.05];
    expect(nucleusSize(probs, 0.5)).toBe(1);
    expect(nucleusSize(probs, 0.51)).toBe(2);
    expect(nucleusSize(probs, 0.8)).toBe(2);
    expect(nucleusSize(probs, 0.81)).toBe(3);
    expect(nucleusSize(probs, 1)).toBe(4);
  });

  it('samples only inside the nucleus, renormalised', () => {
    const logprobs = logprobsOf([0.15, 0.5, 0.05, 0.3]);
    const { ids, probs } = samplingDistribution(logprobs, { temperature: 1, topK: 0, topP: 0.8, greedy: false });
    expect(ids).toEqual([1, 3]);
    expect(probs[0]).toBeCloseTo(0.5 / 0.8, 10);
    const random = mulberry32(7);
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++)
      seen.add(chooseToken(logprobs, { temperature: 1, topK: 0, topP: 0.8, greedy: false }, random));
    expect([...seen].sort()).toEqual([1, 3]);
  });

  it('applies top-k before top-p and temperature before both', () => {
    const logprobs = logprobsOf([0.4, 0.3, 0.2, 0.1]);
    expect(samplingDistribution(logprobs, { temperature: 1, topK: 2, topP: 1, greedy: false }).ids).toEqual([0, 1]);
    // A low temperature sharpens the distribution so a lower p is reached by the first token alone.
    expect(samplingDistribution(logprobs, { temperature: 0.1, topK: 0, topP: 0.9, greedy: false }).ids).toEqual([0]);
  });
});

describe('token arithmetic', () => {
  it('log softmax normalises', () => {
    const lp = logSoftmax([1, 2, 3]);
    expect(Array.from(lp).reduce((a, b) => a + Math.exp(b), 0)).toBeCloseTo(1, 12);
    expect(lp[2] - lp[1]).toBeCloseTo(1, 12);
  });

  it('finds the top indices in order', () => {
    expect(topIndices([0.1, 0.7, 0.3, 0.7, 0.2], 3)).toEqual([1, 3, 2]);
  });

  it('greedy takes the argmax whatever the random source', () => {
    const logprobs = logprobsOf([0.2, 0.5, 0.3]);
    expect(chooseToken(logprobs, { temperature: 1, topK: 0, topP: 1, greedy: true }, () => 0.99)).toBe(1);
  });

  it('the same seed draws the same tokens', () => {
    const logprobs = logprobsOf([0.25, 0.25, 0.25, 0.25]);
    const draw = (seed: number) => {
      const random = mulberry32(seed);
      return Array.from({ length: 20 }, () =>
        chooseToken(logprobs, { temperature: 1, topK: 0, topP: 1, greedy: false }, random),
      );
    };
    expect(draw(3)).toEqual(draw(3));
    expect(draw(3)).not.toEqual(draw(4));
  });
});

describe('plain temperature sampling', () => {
  it('keeps every token, softmax of log p / T, in vocabulary order', () => {
    const logprobs = logprobsOf([0.1, 0.6, 0.3]);
    const { ids, probs } = samplingDistribution(logprobs, { temperature: 0.5, topK: 0, topP: 1, greedy: false });
    expect(ids).toEqual([0, 1, 2]);
    const z = 0.01 + 0.36 + 0.09;
    expect(probs[0]).toBeCloseTo(0.01 / z, 12);
    expect(probs[1]).toBeCloseTo(0.36 / z, 12);
  });
});
