import { describe, expect, it } from 'vitest';
import { parseCriticVerdict, scoreCritic } from './critic';

describe('parseCriticVerdict', () => {
  it.each([
    ['The reason: response 2 invents a star. The better response: [[1]]', 1],
    ['[[1]] at first, but on reflection [[2]].', 2],
    ['[[2]]', 2],
    ['[[3]]', null],
    ['[[ 1 ]]', null],
    ['The better one is [[1', null],
    ['No verdict at all.', null],
  ] as const)('%j → %s', (text, expected) => {
    expect(parseCriticVerdict(text)).toBe(expected);
  });
});

describe('scoreCritic', () => {
  it('counts agreement with the known better response; unparsed verdicts are wrong', () => {
    const score = scoreCritic([
      { response: '… [[1]]', better: 1 },
      { response: '… [[1]]', better: 2 },
      { response: '… [[2]]', better: 2 },
      { response: 'I cannot tell.', better: 1 },
    ]);
    expect(score).toEqual({ correct: 2, total: 4, accuracy: 0.5, unparsed: 1 });
    expect(scoreCritic([])).toEqual({ correct: 0, total: 0, accuracy: 0, unparsed: 0 });
  });
});
