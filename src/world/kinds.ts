import { COLOURS, SHAPES, type KindKey, type ObjectKind } from './types';

export function kindKey(kind: ObjectKind): KindKey {
  return `${kind.colour} ${kind.shape}`;
}

export function sameKind(a: ObjectKind, b: ObjectKind): boolean {
  return a.colour === b.colour && a.shape === b.shape;
}

/** Every colour × shape, in canonical order (colours outer, shapes inner). */
export const ALL_KINDS: readonly ObjectKind[] = COLOURS.flatMap((colour) => SHAPES.map((shape) => ({ colour, shape })));
