import { popularityWeights, resolveBias, type BiasConfig } from './bias';
import { ALL_KINDS, sameKind } from './kinds';
import { rngFor, type Rng } from '../common/random';
import {
  CELLS,
  MAX_OBJECTS,
  SIZES,
  type Background,
  type ObjectKind,
  type Scene,
  type SceneObject,
  type Split,
  type Texture,
} from './types';

export interface SampleScenesOptions {
  split: Split;
  n: number;
  seed: number;
  /** Overrides of DEFAULT_BIAS; only the train split is biased. */
  bias?: Partial<BiasConfig>;
  /** Index of the first scene (default 0), so a long split can be sampled in pages. */
  start?: number;
}

/** Scenes `start … start+n−1` of a split. Scene i depends only on (split, seed, i, bias). */
export function sampleScenes(options: SampleScenesOptions): Scene[] {
  const { split, n, seed, start = 0 } = options;
  if (!Number.isInteger(n) || n < 0) throw new Error(`Scene count must be a whole number ≥ 0, got ${n}.`);
  const bias = resolveBias(options.bias);
  return Array.from({ length: n }, (_, i) => sampleScene(split, seed, start + i, bias));
}

export function sceneId(split: Split, seed: number, index: number): string {
  return `${split}-${seed}-${index}`;
}

export function sampleScene(split: Split, seed: number, index: number, bias: BiasConfig = resolveBias()): Scene {
  const rng = rngFor('scene', split, seed, index);
  const kinds = split === 'train' ? sampleBiasedKinds(rng, bias) : sampleUniformKinds(rng);
  const cells = rng.shuffle(CELLS);
  const objects: SceneObject[] = kinds.map((kind, i) => ({
    shape: kind.shape,
    colour: kind.colour,
    size: rng.pick(SIZES),
    cell: cells[i]!,
  }));
  objects.sort((a, b) => CELLS.indexOf(a.cell) - CELLS.indexOf(b.cell));
  return { id: sceneId(split, seed, index), split, seed, index, background: sampleBackground(rng), objects };
}

function sampleUniformKinds(rng: Rng): ObjectKind[] {
  const count = 1 + rng.int(MAX_OBJECTS);
  return Array.from({ length: count }, () => rng.pick(ALL_KINDS));
}

/** Popular kinds are drawn more often, and a pair's first usually brings its partner along. */
function sampleBiasedKinds(rng: Rng, bias: BiasConfig): ObjectKind[] {
  const { kinds: ranked, weights } = popularityWeights(bias);
  const target = 1 + rng.int(MAX_OBJECTS);
  const kinds: ObjectKind[] = [];
  const isPairMember: boolean[] = [];
  while (kinds.length < target) {
    const kind = ranked[rng.weightedIndex(weights)]!;
    const pair = bias.pairs.find((p) => sameKind(p.first, kind));
    const wantsPartner =
      pair !== undefined && !kinds.some((k) => sameKind(k, pair.partner)) && rng.chance(bias.pairProbability);
    if (!wantsPartner) {
      kinds.push(kind);
      isPairMember.push(false);
      continue;
    }
    if (kinds.length + 2 > MAX_OBJECTS) {
      // Make room by dropping an object that is not part of a pair; if none, the partner is skipped.
      const droppable = isPairMember.flatMap((member, i) => (member ? [] : [i]));
      if (droppable.length === 0) {
        kinds.push(kind);
        isPairMember.push(false);
        continue;
      }
      const drop = rng.pick(droppable);
      kinds.splice(drop, 1);
      isPairMember.splice(drop, 1);
    }
    kinds.push(kind, pair.partner);
    isPairMember.push(true, true);
  }
  return kinds;
}

const TEXTURES: readonly Texture[] = ['plain', 'plain', 'speckle', 'stripes'];

/** A light background: every channel in 200…250, so all seven object colours stand out. */
function sampleBackground(rng: Rng): Background {
  const rgb = [200 + rng.int(51), 200 + rng.int(51), 200 + rng.int(51)] as const;
  return { rgb, texture: rng.pick(TEXTURES), textureSeed: rng.int(0x100000000) };
}
