// The paired bootstrap of a difference in a ratio metric (methods.md §6's "95% interval over the same
// scenes"). Every metric we compare is a ratio of sums over scenes: CHAIR_i = Σ hallucinated / Σ mentions,
// CHAIR_s = Σ [has hallucination] / Σ 1, POPE F1 = Σ 2tp / Σ (2tp + fp + fn), QA = Σ correct / Σ asked.
// So a resample draws n scene indices with replacement, the same indices for both results (paired),
// recomputes both sums and takes the difference (adapted − base).
import { createRng } from '../common/random';
import { ratio } from './ratio';

/** One scene's contribution to a ratio metric: numerator and denominator counts. */
export interface SceneRatio {
  num: number;
  den: number;
}

export interface PairedDelta {
  /** ratio(adapted) − ratio(base) on all scenes. */
  value: number;
  /** The 2.5th and 97.5th percentiles of the resampled differences. */
  ci95: [number, number];
}

export interface BootstrapOptions {
  /** B, the number of resamples (default 2000). */
  resamples?: number;
  /** The PRNG seed (mulberry32, default 1): the same seed and data give the same interval. */
  seed?: number;
}

export const DEFAULT_RESAMPLES = 2000;

/** The ratio of the sums of `scenes` at `indices` (every scene when absent). */
export function ratioOfSums(scenes: readonly SceneRatio[], indices?: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  const n = indices ? indices.length : scenes.length;
  for (let k = 0; k < n; k++) {
    const scene = scenes[indices ? indices[k]! : k]!;
    num += scene.num;
    den += scene.den;
  }
  return ratio(num, den);
}

/**
 * The q-quantile of sorted values, linearly interpolated between order statistics (Hyndman & Fan's
 * type 7, numpy's default): h = (B − 1)·q, x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋ + 1] − x[⌊h⌋]).
 */
export function quantileOfSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new Error('A quantile needs at least one value.');
  const h = (sorted.length - 1) * q;
  const low = Math.floor(h);
  const high = Math.min(low + 1, sorted.length - 1);
  return sorted[low]! + (h - low) * (sorted[high]! - sorted[low]!);
}

/** The B resampled differences ratio(adapted) − ratio(base), in draw order. */
export function bootstrapDifferences(
  base: readonly SceneRatio[],
  adapted: readonly SceneRatio[],
  options: BootstrapOptions = {},
): number[] {
  const n = base.length;
  if (adapted.length !== n) throw new Error(`A paired bootstrap needs the same scenes: ${n} vs ${adapted.length}.`);
  if (n === 0) throw new Error('A paired bootstrap needs at least one scene.');
  const { resamples = DEFAULT_RESAMPLES, seed = 1 } = options;
  const rng = createRng(seed);
  const indices = new Int32Array(n);
  const out: number[] = [];
  for (let b = 0; b < resamples; b++) {
    for (let k = 0; k < n; k++) indices[k] = rng.int(n);
    out.push(ratioOfSums(adapted, indices) - ratioOfSums(base, indices));
  }
  return out;
}

/** The difference adapted − base of a ratio metric over the same scenes, with its 95% percentile interval. */
export function pairedBootstrap(
  base: readonly SceneRatio[],
  adapted: readonly SceneRatio[],
  options: BootstrapOptions = {},
): PairedDelta {
  const sorted = bootstrapDifferences(base, adapted, options).sort((a, b) => a - b);
  return {
    value: ratioOfSums(adapted) - ratioOfSums(base),
    ci95: [quantileOfSorted(sorted, 0.025), quantileOfSorted(sorted, 0.975)],
  };
}
