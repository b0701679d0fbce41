// Caption noise: the second half of the language prior. Some training descriptions mention a
// pair's partner although it is absent, exactly the hallucination a biased model learns.
import { resolveBias, type BiasConfig } from '../bias';
import { sameKind } from '../kinds';
import { rngFor } from '../random';
import { CELLS, SIZES, type Scene, type SceneObject } from '../types';
import { describeObjects } from './describe';

export interface TrainingDescription {
  text: string;
  /** Objects the text mentions that are not in the scene. */
  phantoms: SceneObject[];
}

/** The description used as a training target; deterministic in (scene id, bias). */
export function trainingDescription(scene: Scene, bias: BiasConfig = resolveBias()): TrainingDescription {
  const rng = rngFor('caption-noise', scene.id);
  const phantoms: SceneObject[] = [];
  for (const { first, partner } of bias.pairs) {
    const hasFirst = scene.objects.some((o) => sameKind(o, first));
    const hasPartner = scene.objects.some((o) => sameKind(o, partner));
    if (!hasFirst || hasPartner) continue;
    if (!rng.chance(bias.captionNoiseRate)) continue;
    const used = new Set([...scene.objects, ...phantoms].map((o) => o.cell));
    const free = CELLS.filter((c) => !used.has(c));
    if (free.length === 0) continue;
    phantoms.push({ ...partner, size: rng.pick(SIZES), cell: rng.pick(free) });
  }
  return { text: describeObjects([...scene.objects, ...phantoms]), phantoms };
}
