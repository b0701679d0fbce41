// The world's description grammar: one sentence per object, in reading order of cells, except that
// a co-occurring pair's partner is told right after its first (as captions name a fork with its
// knife). That order is what lets a model's language prior speak: naming the partner follows from
// the sentence just written, not from finding the first in the image (README, "Why the prior stays
// silent").
import { DEFAULT_BIAS, type CoOccurrencePair } from '../bias';
import { sameKind } from '../kinds';
import { CELLS, type Cell, type Scene, type SceneObject, type Shape } from '../types';

export const CELL_PHRASES: Readonly<Record<Cell, string>> = {
  'top left': 'at the top left',
  top: 'at the top',
  'top right': 'at the top right',
  left: 'on the left',
  center: 'in the center',
  right: 'on the right',
  'bottom left': 'at the bottom left',
  bottom: 'at the bottom',
  'bottom right': 'at the bottom right',
};

export const SHAPE_PLURALS: Readonly<Record<Shape, string>> = {
  circle: 'circles',
  square: 'squares',
  triangle: 'triangles',
  star: 'stars',
  cross: 'crosses',
  diamond: 'diamonds',
};

/** "a red circle", "an orange star" */
export function withArticle(phrase: string): string {
  return `${/^[aeiou]/i.test(phrase) ? 'an' : 'a'} ${phrase}`;
}

/** "a large red circle at the top left" */
export function objectPhrase(object: SceneObject): string {
  return `a ${object.size} ${object.colour} ${object.shape} ${CELL_PHRASES[object.cell]}`;
}

/** "A large red circle at the top left." */
export function objectSentence(object: SceneObject): string {
  const phrase = objectPhrase(object);
  return `${phrase[0]!.toUpperCase()}${phrase.slice(1)}.`;
}

export function inReadingOrder(objects: readonly SceneObject[]): SceneObject[] {
  return objects.slice().sort((a, b) => CELLS.indexOf(a.cell) - CELLS.indexOf(b.cell));
}

/** Reading order, with every object of a pair's partner kind moved right after the first object of that pair's first kind. */
export function tellingOrder(
  objects: readonly SceneObject[],
  pairs: readonly CoOccurrencePair[] = DEFAULT_BIAS.pairs,
): SceneObject[] {
  const ordered = inReadingOrder(objects);
  const partnersOf = (o: SceneObject) =>
    pairs
      .filter(({ first }) => sameKind(o, first))
      .flatMap(({ partner }) => ordered.filter((p) => sameKind(p, partner)));
  const moved = new Set(ordered.flatMap((o) => partnersOf(o)));
  const told: SceneObject[] = [];
  for (const o of ordered) {
    if (!moved.has(o) && !told.includes(o)) told.push(o);
    for (const partner of partnersOf(o)) if (!told.includes(partner)) told.push(partner);
  }
  return told;
}

/** Sentence per object in telling order, e.g. "A large red circle at the top left. A small blue square on the right. A small blue star at the bottom." */
export function describeObjects(objects: readonly SceneObject[]): string {
  return tellingOrder(objects).map(objectSentence).join(' ');
}

/** The ground-truth description of a scene. */
export function describeScene(scene: Scene): string {
  return describeObjects(scene.objects);
}
