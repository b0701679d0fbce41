// Injects one visual error into an object list: the kinds of mistake SIMA's critic must catch.
import { ALL_KINDS, kindKey } from '../kinds';
import type { Rng } from '../../common/random';
import { CELLS, COLOURS, type SceneObject } from '../types';
import { CELL_PHRASES, withArticle } from './describe';

export const ERROR_KINDS = ['object', 'attribute', 'relation'] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

export interface InjectedError {
  objects: SceneObject[];
  /** What is wrong, e.g. "it mentions a green star that is not in the ground truth". */
  reason: string;
  /** The same without naming the response, e.g. "a green star is added" (the critic's per-criterion finding). */
  finding: string;
}

function name(o: SceneObject): string {
  return `${o.colour} ${o.shape}`;
}

function freeCells(objects: readonly SceneObject[]) {
  const used = new Set(objects.map((o) => o.cell));
  return CELLS.filter((c) => !used.has(c));
}

/** Adds an object of a kind that is not there. */
function injectObject(objects: SceneObject[], rng: Rng): InjectedError {
  const present = new Set(objects.map(kindKey));
  const kind = rng.pick(ALL_KINDS.filter((k) => !present.has(kindKey(k))));
  const added: SceneObject = { ...kind, size: rng.chance(0.5) ? 'small' : 'large', cell: rng.pick(freeCells(objects)) };
  return {
    objects: [...objects, added],
    reason: `it mentions ${withArticle(name(added))} that is not in the ground truth`,
    finding: `${withArticle(name(added))} is added`,
  };
}

/** Changes the colour or the size of one object. */
function injectAttribute(objects: SceneObject[], rng: Rng): InjectedError {
  const i = rng.int(objects.length);
  const target = objects[i]!;
  const changed = objects.slice();
  if (rng.chance(0.5)) {
    const colour = rng.pick(COLOURS.filter((c) => c !== target.colour));
    changed[i] = { ...target, colour };
    return {
      objects: changed,
      reason: `it calls the ${name(target)} ${CELL_PHRASES[target.cell]} ${colour}`,
      finding: `the ${name(target)} ${CELL_PHRASES[target.cell]} is ${colour}`,
    };
  }
  const size = target.size === 'small' ? 'large' : 'small';
  changed[i] = { ...target, size };
  return {
    objects: changed,
    reason: `it calls the ${target.size} ${name(target)} ${size}`,
    finding: `the ${target.size} ${name(target)} is ${size}`,
  };
}

/** Swaps the cells of two visibly different objects, or moves a lone object. */
function injectRelation(objects: SceneObject[], rng: Rng): InjectedError {
  const pairs: [number, number][] = [];
  for (let i = 0; i < objects.length; i++) {
    for (let j = i + 1; j < objects.length; j++) {
      const a = objects[i]!;
      const b = objects[j]!;
      if (kindKey(a) !== kindKey(b) || a.size !== b.size) pairs.push([i, j]);
    }
  }
  const changed = objects.slice();
  if (pairs.length > 0) {
    const [i, j] = rng.pick(pairs);
    const a = objects[i]!;
    const b = objects[j]!;
    changed[i] = { ...a, cell: b.cell };
    changed[j] = { ...b, cell: a.cell };
    return {
      objects: changed,
      reason: `it swaps the positions of the ${name(a)} and the ${name(b)}`,
      finding: `the ${name(a)} and the ${name(b)} swap places`,
    };
  }
  const i = rng.int(objects.length);
  const target = objects[i]!;
  const cell = rng.pick(freeCells(objects));
  changed[i] = { ...target, cell };
  return {
    objects: changed,
    reason: `it places the ${name(target)} ${CELL_PHRASES[cell]} instead of ${CELL_PHRASES[target.cell]}`,
    finding: `the ${name(target)} is ${CELL_PHRASES[cell]} instead of ${CELL_PHRASES[target.cell]}`,
  };
}

export function injectError(objects: readonly SceneObject[], kind: ErrorKind, rng: Rng): InjectedError {
  if (objects.length === 0) throw new Error('Cannot inject an error into an empty object list.');
  const list = objects.slice();
  switch (kind) {
    case 'object':
      return injectObject(list, rng);
    case 'attribute':
      return injectAttribute(list, rng);
    case 'relation':
      return injectRelation(list, rng);
  }
}
