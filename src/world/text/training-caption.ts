// Caption noise: the second half of the language prior. Some training descriptions mention a
// pair's partner although it is absent, exactly the hallucination a biased model learns.
import { resolveBias, type BiasConfig, type CoOccurrencePair } from '../bias';
import { sameKind } from '../kinds';
import { rngFor } from '../../common/random';
import { CELLS, SIZES, type Cell, type Scene, type SceneObject } from '../types';
import { describeObjects } from './describe';

export interface TrainingDescription {
  text: string;
  /** Objects the text mentions that are not in the scene. */
  phantoms: SceneObject[];
}

/**
 * The free cell nearest (in reading order) to the first's cell, the later one on a tie: a phantom
 * always sits beside its first, so the prior predicts one place and greedy decoding follows it, as
 * a biased model names the absent partner right after the object it expects it with.
 */
function nearestCell(free: readonly Cell[], from: number): Cell {
  const distance = (cell: Cell) => Math.abs(CELLS.indexOf(cell) - from) - (CELLS.indexOf(cell) > from ? 0.5 : 0);
  return free.reduce((best, cell) => (distance(cell) < distance(best) ? cell : best));
}

/** Where caption noise would put `pair`'s absent partner in the scene (beside its first), or undefined when it cannot. */
export function phantomPlace(scene: Scene, { first, partner }: CoOccurrencePair, taken: readonly SceneObject[] = []) {
  const firstObject = scene.objects.find((o) => sameKind(o, first));
  if (!firstObject || scene.objects.some((o) => sameKind(o, partner))) return undefined;
  const used = new Set([...scene.objects, ...taken].map((o) => o.cell));
  const free = CELLS.filter((c) => !used.has(c));
  return free.length === 0 ? undefined : nearestCell(free, CELLS.indexOf(firstObject.cell));
}

/** The description used as a training target; deterministic in (scene id, bias). */
export function trainingDescription(scene: Scene, bias: BiasConfig = resolveBias()): TrainingDescription {
  const rng = rngFor('caption-noise', scene.id);
  const phantoms: SceneObject[] = [];
  for (const pair of bias.pairs) {
    const hasFirst = scene.objects.some((o) => sameKind(o, pair.first));
    const hasPartner = scene.objects.some((o) => sameKind(o, pair.partner));
    if (!hasFirst || hasPartner) continue;
    if (!rng.chance(bias.captionNoiseRate)) continue;
    const cell = phantomPlace(scene, pair, phantoms);
    if (cell) phantoms.push({ ...pair.partner, size: rng.pick(SIZES), cell });
  }
  return { text: describeObjects([...scene.objects, ...phantoms]), phantoms };
}
