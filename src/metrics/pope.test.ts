import { describe, expect, it } from 'vitest';
import type { SceneStatistics } from '../world/statistics';
import type { KindKey, Scene, SceneObject } from '../world/types';
import { buildPopeQuestions, scorePope, scorePopeBySplit } from './pope';
import { parseYesNo } from './yes-no';

describe('parseYesNo (POPE reference parser)', () => {
  it.each([
    ['Yes, there is a red circle.', 'yes'],
    ['No.', 'no'],
    ['No, there is not.', 'no'],
    ['There is not a star in the image.', 'no'],
    ['no', 'no'],
    ['Yes. No, wait.', 'yes'], // only the text before the first '.' counts
    ['NO', 'yes'], // case-sensitive, as in the reference
    ['Nope', 'yes'],
    ['', 'yes'],
    // The embedded model's look-first answers (world/text/look-first.ts).
    ['I see a red circle and a blue star, so no.', 'no'],
    ['I see a red circle and a blue star, so yes.', 'yes'],
    ['The red star is in the top row and the blue circle is in the middle row, so no.', 'no'],
  ])('%j → %s', (text, expected) => {
    expect(parseYesNo(text)).toBe(expected);
  });
});

describe('scorePope', () => {
  it('computes accuracy, precision, recall, F1 and yes-ratio by hand-checked counts', () => {
    const score = scorePope([
      { answer: 'yes', response: 'Yes.' }, // TP
      { answer: 'yes', response: 'No, there is not.' }, // FN
      { answer: 'no', response: 'Yes' }, // FP
      { answer: 'no', response: 'no' }, // TN
      { answer: 'no', response: 'There is not a star.' }, // TN
    ]);
    expect(score).toMatchObject({ n: 5, truePositives: 1, falseNegatives: 1, falsePositives: 1, trueNegatives: 2 });
    expect(score.accuracy).toBeCloseTo(3 / 5);
    expect(score.precision).toBeCloseTo(1 / 2);
    expect(score.recall).toBeCloseTo(1 / 2);
    expect(score.f1).toBeCloseTo(1 / 2);
    expect(score.yesRatio).toBeCloseTo(2 / 5);
  });

  it('returns zeros rather than NaN when a class is empty', () => {
    const score = scorePope([{ answer: 'no', response: 'No' }]);
    expect(score).toMatchObject({ accuracy: 1, precision: 0, recall: 0, f1: 0, yesRatio: 0 });
  });
});

// A small hand-made universe of seven kinds: the statistics define which kinds exist.
const KINDS: KindKey[] = [
  'red circle',
  'blue square',
  'green star',
  'black cross',
  'yellow triangle',
  'orange diamond',
  'purple star',
];

function statistics(frequency: Partial<Record<KindKey, number>>, co: [KindKey, KindKey, number][]): SceneStatistics {
  const zeros = () => Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<KindKey, number>;
  const coOccurrence = Object.fromEntries(KINDS.map((k) => [k, zeros()])) as Record<KindKey, Record<KindKey, number>>;
  for (const [a, b, n] of co) {
    coOccurrence[a][b] = n;
    coOccurrence[b][a] = n;
  }
  return { sceneCount: 20, frequency: { ...zeros(), ...frequency }, coOccurrence };
}

const stats = statistics(
  {
    'red circle': 10,
    'blue square': 8,
    'green star': 7,
    'black cross': 9,
    'yellow triangle': 2,
    'orange diamond': 5,
    'purple star': 1,
  },
  [
    ['red circle', 'yellow triangle', 6],
    ['red circle', 'black cross', 1],
    ['red circle', 'orange diamond', 2],
    ['blue square', 'yellow triangle', 1],
    ['blue square', 'purple star', 5],
  ],
);

const obj = (kind: KindKey, cell: SceneObject['cell']): SceneObject => {
  const [colour, shape] = kind.split(' ') as [SceneObject['colour'], SceneObject['shape']];
  return { colour, shape, cell, size: 'large' };
};
const scene = (index: number, objects: SceneObject[]): Scene => ({
  id: `test-0-${index}`,
  split: 'test',
  seed: 0,
  index,
  background: { rgb: [230, 230, 230], texture: 'plain', textureSeed: 0 },
  objects,
});

const richScene = scene(0, [obj('red circle', 'top left'), obj('blue square', 'top'), obj('green star', 'center')]);
const poorScene = scene(1, [obj('red circle', 'top left'), obj('red circle', 'top'), obj('blue square', 'center')]);

describe('buildPopeQuestions', () => {
  const negativesOf = (split: 'random' | 'popular' | 'adversarial', seed = 0) =>
    buildPopeQuestions([richScene], stats, { split, seed })
      .questions.filter((q) => q.answer === 'no')
      .map((q) => `${q.kind.colour} ${q.kind.shape}`);

  it('asks 3 yes-questions about present objects and 3 no-questions per image, in POPE wording', () => {
    const { questions, skippedSceneIds } = buildPopeQuestions([richScene, poorScene], stats, {
      split: 'random',
      seed: 1,
    });
    expect(skippedSceneIds).toEqual(['test-0-1']); // only two distinct kinds
    expect(questions).toHaveLength(6);
    const yes = questions.filter((q) => q.answer === 'yes').map((q) => `${q.kind.colour} ${q.kind.shape}`);
    expect(yes.sort()).toEqual(['blue square', 'green star', 'red circle']);
    expect(questions.map((q) => q.text)).toContain('Is there a red circle in the image?');
    expect(questions.every((q) => q.sceneId === 'test-0-0' && q.split === 'random')).toBe(true);
  });

  it('popular negatives are the most frequent absent objects', () => {
    expect(negativesOf('popular').sort()).toEqual(['black cross', 'orange diamond', 'yellow triangle']);
  });

  it('adversarial negatives are the absent objects that co-occur most with the present ones', () => {
    // Co-occurrence with {red circle, blue square, green star}: yellow triangle 7, purple star 5,
    // orange diamond 2, black cross 1.
    expect(negativesOf('adversarial').sort()).toEqual(['orange diamond', 'purple star', 'yellow triangle']);
    expect(buildPopeQuestions([richScene], stats, { split: 'adversarial' }).questions.map((q) => q.text)).toContain(
      'Is there an orange diamond in the image?',
    );
  });

  it('random negatives are absent objects, seeded', () => {
    const seen = new Set<string>();
    for (let seed = 0; seed < 20; seed++) for (const k of negativesOf('random', seed)) seen.add(k);
    expect([...seen].sort()).toEqual(['black cross', 'orange diamond', 'purple star', 'yellow triangle']);
    expect(negativesOf('random', 4)).toEqual(negativesOf('random', 4));
  });

  it('scores per split', () => {
    const { questions } = buildPopeQuestions([richScene], stats, { split: 'popular' });
    const alwaysYes = scorePopeBySplit(questions.map((question) => ({ question, response: 'Yes' })));
    expect(Object.keys(alwaysYes)).toEqual(['popular']);
    expect(alwaysYes.popular).toMatchObject({ accuracy: 0.5, precision: 0.5, recall: 1, yesRatio: 1 });
    const perfect = scorePopeBySplit(
      questions.map((question) => ({ question, response: question.answer === 'yes' ? 'Yes.' : 'No.' })),
    );
    expect(perfect.popular).toMatchObject({ accuracy: 1, f1: 1, yesRatio: 0.5 });
  });
});
