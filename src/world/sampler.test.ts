import { describe, expect, it } from 'vitest';
import { DEFAULT_BIAS, resolveBias } from './bias';
import { kindKey } from './kinds';
import { sampleScenes } from './sampler';
import { partnerRate, sceneStatistics } from './statistics';
import { CELLS, COLOURS, SHAPES, SIZES } from './types';

describe('sampleScenes', () => {
  it('is deterministic: same options, same scenes', () => {
    const a = sampleScenes({ split: 'train', n: 50, seed: 11 });
    const b = sampleScenes({ split: 'train', n: 50, seed: 11 });
    expect(b).toEqual(a);
    expect(sampleScenes({ split: 'train', n: 50, seed: 12 })).not.toEqual(a);
  });

  it('pins the first scene of a seed, so a change to the sampler is noticed', () => {
    const [scene] = sampleScenes({ split: 'test', n: 1, seed: 1 });
    expect(scene!.background).toEqual({ rgb: [250, 227, 204], texture: 'plain', textureSeed: 1851227593 });
    expect(scene!.objects.map((o) => `${o.size} ${o.colour} ${o.shape} @ ${o.cell}`)).toEqual([
      'small green circle @ top right',
      'large green triangle @ center',
      'small orange square @ bottom left',
      'large blue triangle @ bottom right',
    ]);
  });

  it('derives ids from split, seed and index, and pages without changing scenes', () => {
    const all = sampleScenes({ split: 'test', n: 10, seed: 3 });
    expect(all.map((s) => s.id).slice(0, 3)).toEqual(['test-3-0', 'test-3-1', 'test-3-2']);
    expect(sampleScenes({ split: 'test', n: 4, seed: 3, start: 6 })).toEqual(all.slice(6));
    expect(sampleScenes({ split: 'test', n: 5, seed: 3 })).toEqual(all.slice(0, 5));
    expect(sampleScenes({ split: 'train', n: 1, seed: 3 })[0]!.id).toBe('train-3-0');
  });

  it('makes valid scenes: 1–4 objects from the vocabulary, distinct cells, reading order', () => {
    for (const split of ['train', 'test'] as const) {
      const counts = new Set<number>();
      const problems: string[] = [];
      for (const scene of sampleScenes({ split, n: 500, seed: 5 })) {
        const { objects } = scene;
        counts.add(objects.length);
        const cellIndices = objects.map((o) => CELLS.indexOf(o.cell));
        if (objects.length < 1 || objects.length > 4) problems.push(`${scene.id}: ${objects.length} objects`);
        if (new Set(cellIndices).size !== objects.length) problems.push(`${scene.id}: shared cell`);
        if (cellIndices.some((c, i) => i > 0 && c < cellIndices[i - 1]!))
          problems.push(`${scene.id}: not in reading order`);
        for (const o of objects) {
          if (
            !SHAPES.includes(o.shape) ||
            !COLOURS.includes(o.colour) ||
            !SIZES.includes(o.size) ||
            !CELLS.includes(o.cell)
          ) {
            problems.push(`${scene.id}: bad object ${JSON.stringify(o)}`);
          }
        }
        if (scene.background.rgb.some((c) => c < 200 || c > 250)) problems.push(`${scene.id}: dark background`);
      }
      expect(problems).toEqual([]);
      expect([...counts].sort()).toEqual([1, 2, 3, 4]);
    }
  });

  it('survives a JSON round trip unchanged (ground truth is plain data)', () => {
    const scenes = sampleScenes({ split: 'train', n: 20, seed: 2 });
    expect(JSON.parse(JSON.stringify(scenes))).toEqual(scenes);
  });

  it('rejects a negative or fractional count with a clear message', () => {
    expect(() => sampleScenes({ split: 'test', n: -1, seed: 0 })).toThrow(/whole number/);
    expect(() => sampleScenes({ split: 'test', n: 1.5, seed: 0 })).toThrow(/whole number/);
  });
});

describe('the language prior', () => {
  const train = sceneStatistics(sampleScenes({ split: 'train', n: 3000, seed: 7 }));
  const test = sceneStatistics(sampleScenes({ split: 'test', n: 3000, seed: 7 }));

  it('puts the partner in most training scenes that contain the first object, but not in test', () => {
    for (const { first, partner } of DEFAULT_BIAS.pairs) {
      expect(train.frequency[kindKey(first)]).toBeGreaterThan(200);
      expect(partnerRate(train, first, partner)).toBeGreaterThan(0.75);
      expect(partnerRate(test, first, partner)).toBeLessThan(0.15);
    }
  });

  it('makes popular kinds far more frequent in train, while test is near uniform', () => {
    const trainCounts = Object.values(train.frequency);
    const testCounts = Object.values(test.frequency);
    expect(Math.max(...trainCounts) / Math.min(...trainCounts)).toBeGreaterThan(5);
    expect(Math.max(...testCounts) / Math.min(...testCounts)).toBeLessThan(1.6);
    // The pair firsts are the most popular kinds by construction.
    expect(train.frequency['red circle']).toBeGreaterThan(3 * train.frequency['black diamond']);
  });

  it('follows overrides: no pairs means no excess co-occurrence', () => {
    const unbiased = sceneStatistics(
      sampleScenes({ split: 'train', n: 3000, seed: 7, bias: { pairProbability: 0, popularitySkew: 0 } }),
    );
    const { first, partner } = DEFAULT_BIAS.pairs[0]!;
    expect(partnerRate(unbiased, first, partner)).toBeLessThan(0.15);
    const custom = resolveBias({
      pairs: [{ first: { colour: 'black', shape: 'star' }, partner: { colour: 'green', shape: 'cross' } }],
    });
    expect(custom.popularityOrder[0]).toEqual({ colour: 'black', shape: 'star' });
    const stats = sceneStatistics(sampleScenes({ split: 'train', n: 2000, seed: 1, bias: custom }));
    expect(partnerRate(stats, { colour: 'black', shape: 'star' }, { colour: 'green', shape: 'cross' })).toBeGreaterThan(
      0.75,
    );
  });

  it('rejects out-of-range bias settings', () => {
    expect(() => resolveBias({ pairProbability: 1.5 })).toThrow(/pairProbability/);
    expect(() => resolveBias({ popularitySkew: 1 })).toThrow(/popularitySkew/);
    expect(() => resolveBias({ captionNoiseRate: -0.1 })).toThrow(/captionNoiseRate/);
  });
});
