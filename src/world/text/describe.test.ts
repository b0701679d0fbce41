import { describe, expect, it } from 'vitest';
import { CELLS } from '../types';
import { DEFAULT_BIAS, resolveBias } from '../bias';
import { sameKind } from '../kinds';
import { sampleScenes } from '../sampler';
import type { Scene } from '../types';
import { describeObjects, describeScene, objectPhrase, withArticle } from './describe';
import { DESCRIBE_PARAPHRASES, DESCRIBE_PROMPT, DESCRIBE_PROMPTS } from './prompts';
import { trainingDescription } from './training-caption';

const scene: Scene = {
  id: 'test-0-0',
  split: 'test',
  seed: 0,
  index: 0,
  background: { rgb: [230, 230, 230], texture: 'plain', textureSeed: 0 },
  objects: [
    { shape: 'square', colour: 'blue', size: 'small', cell: 'bottom right' },
    { shape: 'circle', colour: 'red', size: 'large', cell: 'top left' },
    { shape: 'cross', colour: 'orange', size: 'small', cell: 'center' },
    { shape: 'star', colour: 'black', size: 'large', cell: 'left' },
  ],
};

describe('descriptions', () => {
  it("writes one sentence per object in reading order of cells, a pair's partner right after its first", () => {
    expect(describeScene(scene)).toBe(
      'A large red circle at the top left. A small blue square at the bottom right. ' +
        'A large black star on the left. A small orange cross in the center.',
    );
    const noPair = scene.objects.filter((o) => o.shape !== 'circle');
    expect(describeObjects(noPair)).toBe(
      'A large black star on the left. A small orange cross in the center. A small blue square at the bottom right.',
    );
    expect(objectPhrase(scene.objects[0]!)).toBe('a small blue square at the bottom right');
  });

  it('uses "an" before vowels', () => {
    expect(withArticle('orange star')).toBe('an orange star');
    expect(withArticle('red star')).toBe('a red star');
  });

  it('offers the plain prompt and at least 8 distinct paraphrases', () => {
    expect(DESCRIBE_PROMPT).toBe('Describe the image.');
    expect(DESCRIBE_PARAPHRASES.length).toBeGreaterThanOrEqual(8);
    expect(new Set(DESCRIBE_PROMPTS).size).toBe(DESCRIBE_PROMPTS.length);
    expect(DESCRIBE_PROMPTS[0]).toBe(DESCRIBE_PROMPT);
  });
});

describe('trainingDescription (caption noise)', () => {
  const train = sampleScenes({ split: 'train', n: 4000, seed: 21 });
  const eligible = train.filter((s) =>
    DEFAULT_BIAS.pairs.some(
      (p) => s.objects.some((o) => sameKind(o, p.first)) && !s.objects.some((o) => sameKind(o, p.partner)),
    ),
  );

  it('mentions the absent partner in about captionNoiseRate of eligible descriptions, and nothing else', () => {
    const noisy = eligible.filter((s) => trainingDescription(s).phantoms.length > 0);
    const rate = noisy.length / eligible.length;
    expect(eligible.length).toBeGreaterThan(150);
    expect(Math.abs(rate - DEFAULT_BIAS.captionNoiseRate)).toBeLessThan(0.1);
    const ineligible = train.filter((s) => !eligible.includes(s));
    expect(ineligible.every((s) => trainingDescription(s).text === describeScene(s))).toBe(true);
  });

  it('puts phantoms only in free cells, names only partners, and includes them in the text', () => {
    for (const s of eligible) {
      const { text, phantoms } = trainingDescription(s);
      const cells = [...s.objects, ...phantoms].map((o) => o.cell);
      expect(new Set(cells).size).toBe(cells.length);
      for (const phantom of phantoms) {
        expect(DEFAULT_BIAS.pairs.some((p) => sameKind(p.partner, phantom))).toBe(true);
        expect(text).toContain(objectPhrase(phantom).slice(2)); // without the article
        // Beside its first: no free cell lies nearer to the first's cell in reading order.
        const pair = DEFAULT_BIAS.pairs.find((p) => sameKind(p.partner, phantom))!;
        const from = CELLS.indexOf(s.objects.find((o) => sameKind(o, pair.first))!.cell);
        const distance = Math.abs(CELLS.indexOf(phantom.cell) - from);
        const used = new Set(cells);
        expect(CELLS.filter((c) => !used.has(c)).every((c) => Math.abs(CELLS.indexOf(c) - from) >= distance)).toBe(
          true,
        );
      }
      expect(text).toBe(describeObjects([...s.objects, ...phantoms]));
    }
  });

  it('is deterministic and switched off by a zero rate', () => {
    expect(eligible.map((s) => trainingDescription(s).text)).toEqual(eligible.map((s) => trainingDescription(s).text));
    const clean = resolveBias({ captionNoiseRate: 0 });
    expect(eligible.every((s) => trainingDescription(s, clean).phantoms.length === 0)).toBe(true);
  });
});
