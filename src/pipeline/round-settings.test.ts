import { expect, test } from 'vitest';
import type { GalleryItem, MethodSettings } from '../data/runs';
import { roundPairsRequest } from './round-settings';

test("a round's method request: n pool scenes of the method's seed, or the gallery's items instead", () => {
  const settings: MethodSettings = { method: 'sima', seed: 7 };
  expect(roundPairsRequest(settings, 4)).toEqual({
    settings,
    scenes: { split: 'pool', seed: 7, start: 0, n: 4 },
  });
  const images: GalleryItem[] = [
    {
      id: 'a.png#q0',
      path: 'a.png',
      prompt: 'Describe the image.',
      image: { width: 1, height: 1, data: new Uint8ClampedArray(4) },
    },
  ];
  expect(roundPairsRequest(settings, 1, images)).toEqual({ settings, images });
});
