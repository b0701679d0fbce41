import { describe, expect, it } from 'vitest';
import { rasterizeScene, sampleScene } from '../index';
import { addDiffusionNoise, diffusionCoefficients, diffusionPreview } from './diffusion';
import { augmentImage, PIXEL_AUGMENTATIONS } from './image-augment';

describe('SeVa diffusion noise', () => {
  it("has the paper's coefficients at t = 300, 500 and 800", () => {
    const at = (t: number) => diffusionCoefficients(t);
    expect(at(300).signal).toBeCloseTo(0.981, 3);
    expect(at(300).noise).toBeCloseTo(0.194, 3);
    expect(at(500).signal).toBeCloseTo(0.863, 3);
    expect(at(500).noise).toBeCloseTo(0.505, 3);
    expect(at(800).signal).toBeCloseTo(0.467, 3);
    expect(at(800).noise).toBeCloseTo(0.884, 3);
    expect(() => at(1000)).toThrow('The diffusion step must be an integer from 0 to 999, got 1000.');
  });

  it('is seeded, and at t = 500 leaves signal · x plus noise of the right spread', () => {
    const make = (seed: number) => {
      const values = new Float32Array(20000).fill(0.5);
      addDiffusionNoise(values, 500, seed);
      return values;
    };
    expect(make(3)).toEqual(make(3));
    expect(make(3)).not.toEqual(make(4));
    const values = make(3);
    const mean = values.reduce((a, b) => a + b) / values.length;
    const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
    expect(mean).toBeCloseTo(0.863 * 0.5, 1);
    expect(sd).toBeCloseTo(0.505, 1);
  });

  it('previews the noise on the image: identical at t = 0 (up to rounding), seeded, and noisier at a later step', () => {
    const image = rasterizeScene(sampleScene('test', 1, 0));
    const half = [0.5, 0.5, 0.5];
    const distance = (t: number) => {
      const preview = diffusionPreview(image, t, 7, half, half);
      return (
        preview.data.reduce((sum, v, i) => sum + (i % 4 === 3 ? 0 : Math.abs(v - image.data[i]!)), 0) /
        (image.width * image.height * 3)
      );
    };
    expect(distance(0)).toBeLessThan(2);
    expect(diffusionPreview(image, 500, 7, half, half)).toEqual(diffusionPreview(image, 500, 7, half, half));
    expect(distance(800)).toBeGreaterThan(distance(300));
  });
});

describe('pixel augmentations', () => {
  const image = rasterizeScene(sampleScene('test', 1, 0));
  it.each(PIXEL_AUGMENTATIONS)('%s is deterministic in its seed, keeps the size and changes the pixels', (kind) => {
    const a = augmentImage(image, kind, 7);
    expect(a.width).toBe(image.width);
    expect(a.height).toBe(image.height);
    expect(augmentImage(image, kind, 7).data).toEqual(a.data);
    expect(a.data).not.toEqual(image.data);
  });

  it('flips left to right', () => {
    const flipped = augmentImage(image, 'flip', 0);
    const pixel = (img: typeof image, x: number, y: number) =>
      Array.from(img.data.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 4));
    expect(pixel(flipped, 0, 40)).toEqual(pixel(image, image.width - 1, 40));
  });
});
