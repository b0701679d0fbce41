import { describe, expect, test } from 'vitest';
import { rasterizeScene, sampleScene, type RgbaImage } from '../../world';
import { pairImageFrom } from './pair-images';
import type { PairRecord } from './pair-records';

const pair: PairRecord = {
  id: 'p1',
  method: 'sima',
  prompt: 'Describe the image.',
  image: { scene: { split: 'train', seed: 1, index: 2 } },
  chosen: 'A red circle.',
  rejected: 'A red circle and a blue square.',
};

describe('pairImageFrom', () => {
  const gallery: RgbaImage = { width: 1, height: 1, data: new Uint8ClampedArray([1, 2, 3, 255]) };
  const imageOf = pairImageFrom({ 'images/a.png': gallery });

  test('draws a scene pair and finds a gallery pair by its path', () => {
    expect(imageOf(pair)).toEqual(rasterizeScene(sampleScene('train', 1, 2)));
    expect(imageOf({ ...pair, id: 'p2', image: { path: 'images/a.png' } })).toBe(gallery);
  });

  test('a gallery image the page did not send is one sentence naming it', () => {
    expect(() => imageOf({ ...pair, id: 'p3', image: { path: 'images/b.png' } })).toThrow(
      'The image images/b.png of pair p3 is not in the gallery; import its dataset first.',
    );
  });
});
