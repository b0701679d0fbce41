// The language prior of the training split: co-occurring pairs, popular kinds and caption noise.
import { ALL_KINDS, kindKey, sameKind } from './kinds';
import type { ObjectKind, Scene } from './types';

/** When `first` is in a training scene, `partner` is usually there too. */
export interface CoOccurrencePair {
  first: ObjectKind;
  partner: ObjectKind;
}

export interface BiasConfig {
  pairs: CoOccurrencePair[];
  /** Probability that a training scene containing `first` gets `partner` added. */
  pairProbability: number;
  /**
   * Popularity skew in [0, 1): the kind at popularity rank k is drawn with weight (1 − skew)^k.
   * 0 means uniform.
   */
  popularitySkew: number;
  /** Popularity ranking, most popular first. Unlisted kinds follow in canonical order. */
  popularityOrder: ObjectKind[];
  /**
   * Probability that a training description whose scene has `first` but lacks `partner`
   * also mentions `partner` (the phantom object a biased model learns to hallucinate).
   */
  captionNoiseRate: number;
}

const DEFAULT_PAIRS: CoOccurrencePair[] = [
  { first: { colour: 'red', shape: 'circle' }, partner: { colour: 'blue', shape: 'square' } },
  { first: { colour: 'yellow', shape: 'star' }, partner: { colour: 'green', shape: 'triangle' } },
  { first: { colour: 'purple', shape: 'diamond' }, partner: { colour: 'orange', shape: 'cross' } },
  { first: { colour: 'green', shape: 'circle' }, partner: { colour: 'yellow', shape: 'diamond' } },
  { first: { colour: 'orange', shape: 'square' }, partner: { colour: 'black', shape: 'circle' } },
  { first: { colour: 'blue', shape: 'cross' }, partner: { colour: 'purple', shape: 'star' } },
];

/**
 * Pair firsts are the most popular kinds; the rest are interleaved (colour i mod 7, shape i mod 6
 * visits all 42 kinds because 6 and 7 are coprime) so popularity is not tied to one colour.
 */
function defaultPopularityOrder(pairs: CoOccurrencePair[]): ObjectKind[] {
  const interleaved = ALL_KINDS.map((_, i) => ALL_KINDS[(i % 7) * 6 + (i % 6)]!);
  return [...pairs.map((p) => p.first), ...interleaved];
}

export const DEFAULT_BIAS: Readonly<BiasConfig> = Object.freeze({
  pairs: DEFAULT_PAIRS,
  pairProbability: 0.85,
  popularitySkew: 0.06,
  popularityOrder: defaultPopularityOrder(DEFAULT_PAIRS),
  captionNoiseRate: 0.7,
});

/** DEFAULT_BIAS with overrides; a custom `pairs` list also moves its firsts to the top of popularity. */
export function resolveBias(overrides: Partial<BiasConfig> = {}): BiasConfig {
  const pairs = overrides.pairs ?? DEFAULT_BIAS.pairs;
  const bias: BiasConfig = {
    pairs,
    pairProbability: overrides.pairProbability ?? DEFAULT_BIAS.pairProbability,
    popularitySkew: overrides.popularitySkew ?? DEFAULT_BIAS.popularitySkew,
    popularityOrder:
      overrides.popularityOrder ?? (overrides.pairs ? defaultPopularityOrder(pairs) : DEFAULT_BIAS.popularityOrder),
    captionNoiseRate: overrides.captionNoiseRate ?? DEFAULT_BIAS.captionNoiseRate,
  };
  for (const [name, p] of [
    ['pairProbability', bias.pairProbability],
    ['captionNoiseRate', bias.captionNoiseRate],
  ] as const) {
    if (!(p >= 0 && p <= 1)) throw new Error(`Bias ${name} must be between 0 and 1, got ${p}.`);
  }
  if (!(bias.popularitySkew >= 0 && bias.popularitySkew < 1)) {
    throw new Error(`Bias popularitySkew must be in [0, 1), got ${bias.popularitySkew}.`);
  }
  return bias;
}

/** The partners the prior expects in the scene and that are not there, in the order of `bias.pairs`. */
export function absentPartners(scene: Scene, bias: BiasConfig = resolveBias()): ObjectKind[] {
  const present = (kind: ObjectKind) => scene.objects.some((o) => sameKind(o, kind));
  return bias.pairs.filter(({ first, partner }) => present(first) && !present(partner)).map(({ partner }) => partner);
}

/** Every kind exactly once, most popular first, with its sampling weight. */
export function popularityWeights(bias: BiasConfig): { kinds: ObjectKind[]; weights: number[] } {
  const seen = new Set<string>();
  const kinds: ObjectKind[] = [];
  for (const kind of [...bias.popularityOrder, ...ALL_KINDS]) {
    const key = kindKey(kind);
    if (seen.has(key)) continue;
    seen.add(key);
    kinds.push(kind);
  }
  // Repeated multiplication rather than Math.pow: pow is not guaranteed bit-identical across engines.
  const weights: number[] = [];
  let w = 1;
  for (let i = 0; i < kinds.length; i++) {
    weights.push(w);
    w *= 1 - bias.popularitySkew;
  }
  return { kinds, weights };
}
