// The world's description grammar: one sentence per object, in reading order of cells.
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

/** Sentence per object in reading order, e.g. "A small blue star at the top. A large red circle on the left." */
export function describeObjects(objects: readonly SceneObject[]): string {
  return inReadingOrder(objects).map(objectSentence).join(' ');
}

/** The ground-truth description of a scene. */
export function describeScene(scene: Scene): string {
  return describeObjects(scene.objects);
}
