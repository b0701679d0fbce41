// Seeded randomness, the one copy every layer uses: the same seed gives the same scenes, samples,
// weights and graphs. Only 32-bit integer ops and exact float division, so Node and browsers agree.

export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Index drawn with probability proportional to weights[i]. */
  weightedIndex(weights: readonly number[]): number;
  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[];
}

/** mulberry32, a small, fast 32-bit generator: uniform floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An Rng on mulberry32. */
export function createRng(seed: number): Rng {
  const next = mulberry32(seed);
  const int = (n: number): number => Math.floor(next() * n);
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new Error('Cannot pick from an empty list.');
      return items[int(items.length)]!;
    },
    weightedIndex: (weights) => {
      let total = 0;
      for (const w of weights) total += w;
      if (!(total > 0)) throw new Error('Weights must sum to a positive number.');
      let r = next() * total;
      for (let i = 0; i < weights.length; i++) {
        r -= weights[i]!;
        if (r < 0) return i;
      }
      return weights.length - 1;
    },
    shuffle: (items) => {
      const out = items.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = int(i + 1);
        [out[i], out[j]] = [out[j]!, out[i]!];
      }
      return out;
    },
  };
}

/** 32-bit FNV-1a of a string's UTF-16 code units, from the standard offset basis or another one. */
export function fnv1a(text: string, basis = 0x811c9dc5): number {
  let h = basis >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** murmur3's 32-bit finaliser: every input bit reaches every output bit. */
export function fmix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A seed for a tuple: FNV-1a of its parts, finished with fmix32 so nearby tuples get unrelated seeds. */
export function hashSeed(...parts: (string | number)[]): number {
  return fmix32(fnv1a(parts.join('\u0000')));
}

/** An Rng keyed by a tuple, e.g. rngFor('scene', split, seed, index). */
export function rngFor(...parts: (string | number)[]): Rng {
  return createRng(hashSeed(...parts));
}

/** A seed for the i-th item derived from a base seed, so each item can be reproduced on its own. */
export function deriveSeed(base: number, index: number): number {
  return fmix32((base ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
}
