import { describe, expect, it } from 'vitest';
import { describeScene, DESCRIBE_PROMPT, sampleScene } from '../world';
import { galleryItemPlans } from './gallery-items';
import type { ImageRecord } from './records';

const record = (extra: Partial<ImageRecord>): ImageRecord => ({
  id: 'id',
  name: 'cat.png',
  width: 1,
  height: 1,
  blob: new Blob([]),
  thumbnail: '',
  createdAt: 0,
  ...extra,
});

describe('galleryItemPlans', () => {
  it('makes an item of each imported prompt, and of every other image with the describe prompt', () => {
    const scene = sampleScene('test', 1, 0);
    const plans = galleryItemPlans([
      record({
        id: 'a',
        name: 's.png',
        importPath: 'images/s.png',
        prompts: [
          { id: 'q1', prompt: 'What is here?', reference: 'Shapes.' },
          { id: 'q2', prompt: 'Colours?' },
        ],
      }),
      record({ id: 'b', name: 'world.png', scene }),
      record({ id: 'c', name: 'cat.png' }),
    ]);
    expect(plans).toEqual([
      { id: 'images/s.png#q1', imageId: 'a', path: 'images/s.png', prompt: 'What is here?', reference: 'Shapes.' },
      { id: 'images/s.png#q2', imageId: 'a', path: 'images/s.png', prompt: 'Colours?' },
      { id: 'world.png', imageId: 'b', path: 'world.png', prompt: DESCRIBE_PROMPT, reference: describeScene(scene) },
      { id: 'cat.png', imageId: 'c', path: 'cat.png', prompt: DESCRIBE_PROMPT },
    ]);
  });
});
