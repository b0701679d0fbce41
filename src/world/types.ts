// The vocabulary of the shapes world. Every other module derives from these lists.

export const SHAPES = ['circle', 'square', 'triangle', 'star', 'cross', 'diamond'] as const;
export const COLOURS = ['red', 'green', 'blue', 'yellow', 'purple', 'orange', 'black'] as const;
export const SIZES = ['small', 'large'] as const;
/** Cells of the 3×3 grid in reading order (row by row, left to right). */
export const CELLS = [
  'top left',
  'top',
  'top right',
  'left',
  'center',
  'right',
  'bottom left',
  'bottom',
  'bottom right',
] as const;
/**
 * train: the pretraining scenes, with the language prior's co-occurrence bias. test: the evaluation's
 * scenes, without it. pool: unlabelled scenes drawn like test (their own random stream) that the
 * self-alignment methods sample on, so the prior misleads there as often as where it is measured.
 */
export const SPLITS = ['train', 'test', 'pool'] as const;

export type Shape = (typeof SHAPES)[number];
export type Colour = (typeof COLOURS)[number];
export type Size = (typeof SIZES)[number];
export type Cell = (typeof CELLS)[number];
export type Split = (typeof SPLITS)[number];

/** The split the methods' scenes come from (rounds, the Methods view, `selfalign pairs`). */
export const METHOD_SPLIT: Split = 'pool';

export const MAX_OBJECTS = 4;

/** Width and height of a world image: 32 px per cell, so a 16 px patch grid lines up with the cells. */
export const IMAGE_SIZE = 96;

/** An object kind is what CHAIR and POPE count as "an object": colour + shape. */
export interface ObjectKind {
  colour: Colour;
  shape: Shape;
}
/** The kind as a phrase, e.g. "red circle"; used as a map key. */
export type KindKey = `${Colour} ${Shape}`;

export interface SceneObject extends ObjectKind {
  size: Size;
  cell: Cell;
}

export type RGB = readonly [number, number, number];
export type Texture = 'plain' | 'speckle' | 'stripes';

export interface Background {
  rgb: RGB;
  texture: Texture;
  /** Seeds the speckle pattern; irrelevant for other textures. */
  textureSeed: number;
}

/** Ground truth of one image. Plain data, JSON-serialisable. Objects are in reading order of cells. */
export interface Scene {
  id: string;
  split: Split;
  seed: number;
  index: number;
  background: Background;
  objects: SceneObject[];
}

export type { RgbaImage } from '../common/rgba-image';

export const QUESTION_TYPES = ['existence', 'colour', 'count', 'position', 'relation'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/**
 * A question with its exact answer. `answer` is canonical: "yes"/"no" for existence and relation,
 * a colour name, a count in digits ("0".."4"), or a cell name ("top left").
 */
export interface Question {
  type: QuestionType;
  text: string;
  answer: string;
}
