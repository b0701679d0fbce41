// SeVa's diffusion noise (Kevinz-code/SeVa, data/step2/generate_with_aug.py), on normalised pixels.
import { createRng } from '../../common/random';
import type { RgbaImage } from '../types';

export const DIFFUSION_STEPS = 1000;

/**
 * x_t = signal · x_0 + noise · ε at step t: β_s = sigmoid(linspace(−6, 6, 1000)[s]) · (5e−3 − 1e−5) + 1e−5,
 * ᾱ_t = Π_{s ≤ t} (1 − β_s), signal = √ᾱ_t, noise = √(1 − ᾱ_t). t = 500 gives 0.863 and 0.505.
 */
export function diffusionCoefficients(t: number): { signal: number; noise: number } {
  if (!Number.isInteger(t) || t < 0 || t >= DIFFUSION_STEPS)
    throw new Error(`The diffusion step must be an integer from 0 to ${DIFFUSION_STEPS - 1}, got ${t}.`);
  let alphaBar = 1;
  for (let s = 0; s <= t; s++) {
    const x = -6 + (12 * s) / (DIFFUSION_STEPS - 1);
    alphaBar *= 1 - ((1 / (1 + Math.exp(-x))) * (5e-3 - 1e-5) + 1e-5);
  }
  return { signal: Math.sqrt(alphaBar), noise: Math.sqrt(1 - alphaBar) };
}

/** Noises `values` (normalised pixels) in place to step t; ε from a seeded Box–Muller. */
export function addDiffusionNoise(values: Float32Array, t: number, seed: number): void {
  const { signal, noise } = diffusionCoefficients(t);
  const rng = createRng(seed);
  for (let i = 0; i < values.length; i += 2) {
    const radius = Math.sqrt(-2 * Math.log(1 - rng.next()));
    const angle = 2 * Math.PI * rng.next();
    values[i] = signal * values[i]! + noise * radius * Math.cos(angle);
    if (i + 1 < values.length) values[i + 1] = signal * values[i + 1]! + noise * radius * Math.sin(angle);
  }
}

/**
 * What diffusion noise at step t looks like on an image: each channel normalised with the model's
 * mean and std, noised as the model's input is, and mapped back to 0–255. The model sees the same
 * noise level on its own resized input; the noise values themselves differ.
 */
export function diffusionPreview(
  image: RgbaImage,
  t: number,
  seed: number,
  mean: readonly number[],
  std: readonly number[],
): RgbaImage {
  const values = new Float32Array(image.width * image.height * 3);
  for (let p = 0, v = 0; p < image.data.length; p += 4) {
    for (let c = 0; c < 3; c++, v++) values[v] = (image.data[p + c]! / 255 - mean[c]!) / std[c]!;
  }
  addDiffusionNoise(values, t, seed);
  const data = new Uint8ClampedArray(image.data.length);
  for (let p = 0, v = 0; p < data.length; p += 4) {
    for (let c = 0; c < 3; c++, v++) data[p + c] = Math.round((values[v]! * std[c]! + mean[c]!) * 255);
    data[p + 3] = 255;
  }
  return { width: image.width, height: image.height, data };
}
