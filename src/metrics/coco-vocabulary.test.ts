import { describe, expect, it } from 'vitest';
import { COCO_CATEGORIES, findCocoMentions, pluralOf } from './coco-vocabulary';

const found = (text: string) => findCocoMentions(text).map(({ category, text: written }) => [category, written]);

describe('the COCO vocabulary', () => {
  it('has the 80 COCO categories', () => {
    expect(COCO_CATEGORIES).toHaveLength(80);
    expect(COCO_CATEGORIES).toContain('traffic light');
    expect(COCO_CATEGORIES).toContain('toothbrush');
  });

  it('forms plurals, regular and not', () => {
    expect(
      ['dog', 'bus', 'bench', 'puppy', 'turkey', 'knife', 'child', 'policeman', 'mouse', 'sheep', 'hot dog'].map(
        pluralOf,
      ),
    ).toEqual([
      'dogs',
      'buses',
      'benches',
      'puppies',
      'turkeys',
      'knives',
      'children',
      'policemen',
      'mice',
      'sheep',
      'hot dogs',
    ]);
  });
});

describe('findCocoMentions', () => {
  it('maps synonyms and plurals to their category, with the span as written', () => {
    const text = 'A man and two Children walk their puppies past a sofa.';
    expect(findCocoMentions(text)).toEqual([
      { category: 'person', text: 'man', start: 2, end: 5 },
      { category: 'person', text: 'Children', start: 14, end: 22 },
      { category: 'dog', text: 'puppies', start: 34, end: 41 },
      { category: 'couch', text: 'sofa', start: 49, end: 53 },
    ]);
  });

  it('takes the longest phrase first', () => {
    expect(found('a hot dog, a teddy bear and a bear, then a cell phone')).toEqual([
      ['hot dog', 'hot dog'],
      ['teddy bear', 'teddy bear'],
      ['bear', 'bear'],
      ['cell phone', 'cell phone'],
    ]);
    expect(found('two traffic lights and a stop sign')).toEqual([
      ['traffic light', 'traffic lights'],
      ['stop sign', 'stop sign'],
    ]);
    expect(found('a fire-hydrant')).toEqual([['fire hydrant', 'fire-hydrant']]);
  });

  it('never matches inside other words, nor across a sentence end', () => {
    expect(found('The cathedral has scattered catalogues; a doggerel.')).toEqual([]);
    expect(found('It was hot. Dog days.')).toEqual([['dog', 'Dog']]);
  });

  it("follows CHAIR's special cases", () => {
    expect(found('a baby elephant next to a passenger train')).toEqual([
      ['elephant', 'baby elephant'],
      ['train', 'passenger train'],
    ]);
    expect(found('a toilet with the seat up')).toEqual([['toilet', 'toilet']]);
    expect(found('a seat by the window')).toEqual([['chair', 'seat']]);
    expect(found('a train track past home plate')).toEqual([]);
    expect(found("an orange cat and the dog's orange")).toEqual([
      ['cat', 'cat'],
      ['dog', 'dog'],
      ['orange', 'orange'],
    ]);
  });
});
