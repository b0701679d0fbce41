import { expect, test } from 'vitest';
import type { GalleryItem, MethodSettings } from '../data/runs';
import { DEFAULT_DPO_SETTINGS } from '../engine/dpo/dpo-options';
import { roundPairsRequest, roundTrainingSettings } from './round-settings';

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

test("a round's DPO settings: the defaults with the round's overrides, its steps and seed, FiSAO's token-weighted loss", () => {
  const sima: MethodSettings = { method: 'sima', seed: 7 };
  expect(roundTrainingSettings(sima, 30)).toEqual({ ...DEFAULT_DPO_SETTINGS, totalSteps: 30, seed: 7 });
  const tuned = roundTrainingSettings({ method: 'fisao', seed: 2 }, 10, { peakLr: 1e-3, sftWeight: 1, beta: 0.2 });
  expect(tuned).toMatchObject({
    peakLr: 1e-3,
    sftWeight: 1,
    beta: 0.2,
    totalSteps: 10,
    seed: 2,
    loss: 'token-weighted',
  });
  expect(tuned.lora).toEqual(DEFAULT_DPO_SETTINGS.lora);
});
