// SeVa's diffusion noise (Kevinz-code/SeVa, data/step2/generate_with_aug.py), on normalised pixels.
import { createRng } from '../random';

export const DIFFUSION_STEPS = 1000;

/**
 * x_t = signal · x_0 + noise · ε at step t: β_s = sigmoid(linspace(−6, 6, 1000)[s]) · (5e−3 − 1e−5) + 1e−5,
 * ᾱ_t = Π_{s ≤ t} (1 − β_s), signal = √ᾱ_t, noise = √(1 − ᾱ_t). t = 500 gives 0.863 and 0.505.
 */
export function diffusionCoefficients(t: number): { signal: number; noise: number } {
  if (!Number.isInteger(t) || t < 0 || t >= DIFFUSION_STEPS) throw new Error(`The diffusion step must be an integer from 0 to ${DIFFUSION_STEPS - 1}, got ${t}.`);
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
