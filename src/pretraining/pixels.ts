/**
 * Pixels as the exported models receive them from transformers.js's processor (Idefics3 and our
 * CLIP preprocessor_config alike): RGB (alpha composited over white, as the runtime's
 * `rgbOverWhite`), rescaled by 1/255, normalised with mean 0.5 and std 0.5, channels first.
 * Images must already be the model's size (the world renders IMAGE_SIZE × IMAGE_SIZE): no resizing here.
 */
import { numpy as np, type Array as JaxArray } from '@jax-js/jax';
import type { RgbaImage } from '../world';

export const RESCALE_FACTOR = 1 / 255;
export const IMAGE_MEAN = 0.5;
export const IMAGE_STD = 0.5;

/** [N, 3, S, S] float32 values, image after image. */
export function pixelValuesData(images: RgbaImage[], size: number): Float32Array {
  const out = new Float32Array(images.length * 3 * size * size);
  images.forEach((image, n) => {
    if (image.width !== size || image.height !== size) {
      throw new Error(`Training images must be ${size}×${size}; got ${image.width}×${image.height}.`);
    }
    const { data } = image;
    for (let p = 0; p < size * size; p++) {
      const alpha = data[p * 4 + 3]! / 255;
      for (let c = 0; c < 3; c++) {
        const rgb = Math.round(data[p * 4 + c]! * alpha + 255 * (1 - alpha));
        out[(n * 3 + c) * size * size + p] = (Math.fround(rgb * RESCALE_FACTOR) - IMAGE_MEAN) / IMAGE_STD;
      }
    }
  });
  return out;
}

/** The same as a jax Array [N, 3, S, S], owned by the caller. */
export function pixelValues(images: RgbaImage[], size: number): JaxArray {
  return np.array(pixelValuesData(images, size), { shape: [images.length, 3, size, size] });
}
