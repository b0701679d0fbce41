import { describe, expect, test } from 'vitest';
import { pairsToJsonl, parsePairsJsonl, type PairRecord } from './pair-records';

const pair: PairRecord = {
  id: 'p1',
  method: 'sima',
  prompt: 'Describe the image.',
  image: { scene: { split: 'test', seed: 1, index: 3 } },
  chosen: 'A red circle.',
  rejected: 'A red circle and a blue square.',
};

describe('pairs as JSON Lines', () => {
  test('round-trips, with optional token weights, references and image paths', () => {
    const pairs: PairRecord[] = [
      pair,
      {
        ...pair,
        id: 'p2',
        image: { path: 'images/a.png' },
        chosenWeights: [1, 0.5],
        rejectedWeights: [1, -1],
        reference: { model: 'shapes-vlm', chosen: [-0.1, -2], rejected: [-3] },
      },
      {
        ...pair,
        id: 'p3',
        reference: {
          model: 'shapes-vlm',
          chosen: [-3],
          rejected: [-0.1, -2],
          chosenText: pair.rejected,
          rejectedText: pair.chosen,
        },
      },
    ];
    expect(parsePairsJsonl(pairsToJsonl(pairs))).toEqual(pairs);
  });

  test('refuses a bad file whole, naming the line, in one sentence', () => {
    const good = JSON.stringify(pair);
    expect(() => parsePairsJsonl(`${good}\n{oops`)).toThrow('Line 2 of the pairs file is not valid JSON.');
    expect(() => parsePairsJsonl(`${good}\n${good}`)).toThrow('Line 2 of the pairs file repeats the id "p1".');
    expect(() => parsePairsJsonl(JSON.stringify({ ...pair, chosen: '' }))).toThrow(
      'Line 1 of the pairs file is not a pair: "chosen" must be a non-empty string.',
    );
    expect(() =>
      parsePairsJsonl(JSON.stringify({ ...pair, image: { scene: { split: 'val', seed: 1, index: 0 } } })),
    ).toThrow(/"image.scene" must be/);
    expect(() => parsePairsJsonl(JSON.stringify({ ...pair, chosenWeights: [1, 'x'] }))).toThrow(
      '"chosenWeights" must be a list of numbers',
    );
    expect(() =>
      parsePairsJsonl(JSON.stringify({ ...pair, reference: { model: 'm', chosen: [], rejected: [], chosenText: 3 } })),
    ).toThrow(/"reference" must be/);
    expect(() => parsePairsJsonl('[1, 2]')).toThrow('Line 1 of the pairs file is not a pair: it is not a JSON object.');
    expect(() => parsePairsJsonl('\n\n')).toThrow('The pairs file holds no pairs.');
  });

  test('a "__proto__" key stays plain data', () => {
    const [parsed] = parsePairsJsonl(`{"__proto__":{"polluted":true},${JSON.stringify(pair).slice(1)}`);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(parsed!.id).toBe('p1');
  });
});
