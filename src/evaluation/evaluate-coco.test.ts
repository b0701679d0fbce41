import { describe, expect, it } from 'vitest';
import type { Answerer } from './answerer';
import { COCO_DESCRIBE_PROMPT, evaluateCoco } from './evaluate-coco';
import type { CocoEvalImage } from '../data/evals';

const pixel = (value: number) => ({ width: 1, height: 1, data: new Uint8ClampedArray([value, 0, 0, 255]) });
const images: CocoEvalImage[] = [
  { id: 'a', image: pixel(1), objects: ['person', 'bicycle'] },
  { id: 'b', image: pixel(2), objects: ['cat', 'couch'] },
  { id: 'c', image: pixel(3), objects: ['dog'] },
];
const truthOf = (image: { data: Uint8ClampedArray }) => images.find((i) => i.image.data[0] === image.data[0])!.objects;

/** A model that names what is there plus a dog, and says yes to any question about a present object or a dog. */
const dogLover: Answerer = {
  async answer(image, prompt) {
    const present = truthOf(image);
    if (prompt === COCO_DESCRIBE_PROMPT) return `A photo with a ${[...present, 'dog'].join(' and a ')}.`;
    const object = prompt.match(/Is there an? (.+) in the image\?/)![1]!;
    return present.includes(object) || object === 'dog' ? 'Yes.' : 'No.';
  },
};

describe('evaluateCoco', () => {
  it('scores CHAIR against the COCO objects and POPE in its three settings, with progress', async () => {
    const progress: number[] = [];
    const report = await evaluateCoco(dogLover, images, {
      model: 'test',
      seed: 1,
      onProgress: (done) => progress.push(done),
    });
    // The dog is hallucinated in a and b (2 of 7 mentions; 2 of 3 answers).
    expect(report.chair.i).toBeCloseTo(2 / 7);
    expect(report.chair.s).toBeCloseTo(2 / 3);
    expect(report.items.map((item) => item.hallucinated)).toEqual([['dog'], ['dog'], []]);
    for (const setting of ['random', 'popular', 'adversarial'] as const) {
      expect(report.pope[setting].recall).toBe(1);
      expect(report.pope[setting].precision).toBeGreaterThan(0.5);
    }
    // Popular negatives come from the other images' objects: "dog" is asked of a and b and wrongly answered yes.
    expect(report.pope.popular.precision).toBeLessThan(1);
    expect(progress.at(-1)).toBe(progress.length);
  });
});
