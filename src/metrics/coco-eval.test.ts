import { describe, expect, it } from 'vitest';
import { cocoChair, cocoPopeQuestions, cocoPopeQuestionText, normalizeCocoObjects } from './coco-eval';
import { COCO_CATEGORIES } from './coco-vocabulary';

describe('cocoChair', () => {
  it('judges synonyms, plurals and hallucinations per answer', () => {
    const result = cocoChair([
      // "man" → person (present); "dog" absent; "benches" → bench (plural, present); "men" repeats person.
      { id: 'a', text: 'A man sits on one of the benches next to a dog. Two men talk.', objects: ['person', 'bench'] },
      { id: 'b', text: 'Two cats sleep on a sofa.', objects: ['cat', 'couch'] },
      { id: 'c', text: 'A plate on a table with a pizza.', objects: ['pizza'] },
    ]);
    expect(result.details).toEqual([
      { id: 'a', mentioned: ['person', 'bench', 'dog'], hallucinated: ['dog'] },
      { id: 'b', mentioned: ['cat', 'couch'], hallucinated: [] },
      { id: 'c', mentioned: ['dining table', 'pizza'], hallucinated: ['dining table'] },
    ]);
    expect(result.mentions).toBe(7);
    expect(result.hallucinatedMentions).toBe(2);
    expect(result.chairI).toBeCloseTo(2 / 7);
    expect(result.chairS).toBeCloseTo(2 / 3);
    expect(result.responsesWithHallucination).toBe(2);
  });

  it('is 0 on no answers and rejects unknown ground-truth names', () => {
    expect(cocoChair([])).toMatchObject({ chairI: 0, chairS: 0, responses: 0 });
    expect(normalizeCocoObjects([' Dining  Table', 'dining table'])).toEqual(['dining table']);
    expect(() => cocoChair([{ id: 'x', text: 'a dog', objects: ['doggo'] }])).toThrow(/doggo/);
  });
});

describe('cocoPopeQuestions', () => {
  const images = [
    { id: 'i1', objects: ['person', 'dog', 'frisbee'] },
    { id: 'i2', objects: ['person', 'dog', 'car', 'bicycle'] },
    { id: 'i3', objects: ['person', 'car', 'bicycle', 'traffic light'] },
    { id: 'i4', objects: ['cat', 'couch', 'tv', 'remote'] },
    { id: 'i5', objects: ['person', 'car', 'traffic light'] },
    { id: 'i6', objects: [] },
    { id: 'i7', objects: ['apple'] },
  ];
  const settings = ['random', 'popular', 'adversarial'] as const;

  it.each(settings)('%s: balanced per image, negatives absent, positives present', (setting) => {
    const qs = cocoPopeQuestions(images, setting, 7);
    expect(qs.some((q) => q.imageId === 'i6')).toBe(false); // no present objects → skipped
    for (const image of images.filter((i) => i.objects.length)) {
      const mine = qs.filter((q) => q.imageId === image.id);
      const yes = mine.filter((q) => q.label === 'yes');
      const no = mine.filter((q) => q.label === 'no');
      expect(yes.length).toBe(Math.min(3, image.objects.length));
      expect(no.length).toBe(yes.length);
      for (const q of yes) expect(image.objects).toContain(q.object);
      for (const q of no) {
        expect(image.objects).not.toContain(q.object);
        expect(COCO_CATEGORIES).toContain(q.object);
      }
      expect(new Set(mine.map((q) => q.object)).size).toBe(mine.length);
    }
  });

  it.each(settings)('%s: same seed → same questions', (setting) => {
    expect(cocoPopeQuestions(images, setting, 3)).toEqual(cocoPopeQuestions(images, setting, 3));
  });

  it('random: a different seed changes the negatives', () => {
    const negs = (seed: number) =>
      cocoPopeQuestions(images, 'random', seed)
        .filter((q) => q.label === 'no')
        .map((q) => q.object);
    expect(negs(1)).not.toEqual(negs(2));
  });

  it('popular: the most frequent absent objects first', () => {
    // Frequencies: person 4, car 3, dog 2, bicycle 2, traffic light 2, then 1s.
    const no = (id: string) =>
      cocoPopeQuestions(images, 'popular', 0)
        .filter((q) => q.imageId === id && q.label === 'no')
        .map((q) => q.object)
        .sort();
    expect(no('i4')).toEqual(['bicycle', 'car', 'person']); // person, car, then dog/bicycle/traffic light tie → COCO order: bicycle
    expect(no('i1')).toEqual(['bicycle', 'car', 'traffic light']); // car 3, then bicycle 2 and traffic light 2
    expect(no('i7')).toEqual(['person']);
  });

  it('adversarial: the objects co-occurring with the present ones first', () => {
    // i1 has person/dog/frisbee: car co-occurs 3 + 1 = 4 times, bicycle 2 + 1 = 3, traffic light 2.
    const no = (id: string) =>
      cocoPopeQuestions(images, 'adversarial', 0)
        .filter((q) => q.imageId === id && q.label === 'no')
        .map((q) => q.object)
        .sort();
    expect(no('i1')).toEqual(['bicycle', 'car', 'traffic light']);
    // An image with only a cat: cat's partners (couch, tv, remote) beat the more frequent person.
    const withProbe = [...images, { id: 'probe', objects: ['cat'] }];
    const probe = cocoPopeQuestions(withProbe, 'adversarial', 0).filter(
      (q) => q.imageId === 'probe' && q.label === 'no',
    );
    expect(probe.map((q) => q.object)).toHaveLength(1);
    expect(['couch', 'tv', 'remote']).toContain(probe[0]!.object);
    // popular would pick person for the probe instead.
    const popular = cocoPopeQuestions(withProbe, 'popular', 0).filter((q) => q.imageId === 'probe' && q.label === 'no');
    expect(popular.map((q) => q.object)).toEqual(['person']);
  });

  it('writes the question with the right article', () => {
    expect(cocoPopeQuestionText('apple')).toBe('Is there an apple in the image?');
    expect(cocoPopeQuestionText('dog')).toBe('Is there a dog in the image?');
    expect(
      cocoPopeQuestions([{ id: 'x', objects: ['umbrella'] }], 'random', 0).find((q) => q.label === 'yes')!.question,
    ).toBe('Is there an umbrella in the image?');
  });
});
