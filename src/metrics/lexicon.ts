// Words of the shapes world, with the synonyms a paraphrasing model may use. Typed against the
// world's vocabulary so a new colour or shape fails to compile until it is added here.
import type { Colour, Shape, Size } from '../world/types';

export const COLOUR_WORDS: Readonly<Record<Colour, readonly string[]>> = {
  red: ['red', 'crimson', 'scarlet'],
  green: ['green', 'lime'],
  blue: ['blue', 'navy'],
  yellow: ['yellow', 'gold', 'golden'],
  purple: ['purple', 'violet'],
  orange: ['orange'],
  black: ['black'],
};

/** Singular forms; plural forms are listed separately so counts can default to 2. */
export const SHAPE_WORDS: Readonly<Record<Shape, readonly string[]>> = {
  circle: ['circle', 'disc', 'disk', 'dot'],
  square: ['square', 'rectangle'],
  triangle: ['triangle'],
  star: ['star'],
  cross: ['cross', 'plus'],
  diamond: ['diamond', 'rhombus', 'lozenge'],
};

export const SHAPE_PLURAL_WORDS: Readonly<Record<Shape, readonly string[]>> = {
  circle: ['circles', 'discs', 'disks', 'dots'],
  square: ['squares', 'rectangles'],
  triangle: ['triangles'],
  star: ['stars'],
  cross: ['crosses', 'pluses'],
  diamond: ['diamonds', 'rhombuses', 'rhombi', 'lozenges'],
};

export const SIZE_WORDS: Readonly<Record<Size, readonly string[]>> = {
  small: ['small', 'little', 'tiny', 'smaller'],
  large: ['large', 'big', 'huge', 'larger', 'bigger'],
};

export const NUMBER_WORDS: Readonly<Record<string, number>> = {
  zero: 0, none: 0, a: 1, an: 1, one: 1, single: 1, two: 2, three: 3, four: 4, five: 5,
  six: 6, seven: 7, eight: 8, nine: 9, pair: 2,
};

export const NEGATION_WORDS: ReadonlySet<string> = new Set(['no', 'not', "isn't", "aren't", 'without', 'none']);

/** Position words and which row or column each names. */
export const VERTICAL_WORDS: Readonly<Record<string, 'top' | 'bottom'>> = {
  top: 'top', upper: 'top', bottom: 'bottom', lower: 'bottom',
};
export const HORIZONTAL_WORDS: Readonly<Record<string, 'left' | 'right'>> = { left: 'left', right: 'right' };
export const CENTRE_WORDS: ReadonlySet<string> = new Set(['center', 'centre', 'middle', 'central', 'centered', 'centred']);
/** Words that may sit inside a position phrase ("top-left corner", "left-hand side"). */
export const POSITION_FILLERS: ReadonlySet<string> = new Set(['corner', 'side', 'hand', 'edge', 'part', 'area', 'region']);

/** Grammar words that carry no claim but are not "unknown". */
export const FUNCTION_WORDS: ReadonlySet<string> = new Set(
  (
    'the is are there in at on of and with image picture photo scene shape shapes object objects i see can ' +
    'also it this which located placed positioned sits sit lies lie near to has have contains contain shows show ' +
    'shown depicts depict grid cell row column another some its that be colored coloured sized we you here ' +
    'appears appear visible other each both next above below beside answer yes sure there\'s it\'s ' +
    'only just what where how many for as by a an one sign shaped total'
  ).split(' '),
);
