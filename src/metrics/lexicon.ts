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
  zero: 0,
  none: 0,
  a: 1,
  an: 1,
  one: 1,
  single: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  pair: 2,
};

/** Words that deny the phrase after them; any word ending in n't (don't, isn't, can't) is one too. */
export const NEGATION_WORDS: ReadonlySet<string> = new Set([
  'no',
  'not',
  'none',
  'without',
  'never',
  'nothing',
  'neither',
  'nor',
  'cannot',
]);

export function isNegationWord(word: string): boolean {
  return NEGATION_WORDS.has(word) || word.endsWith("n't");
}

/** Words that end any denial before them: "no star, only a circle", "nothing but a circle". */
export const CONTRAST_WORDS: ReadonlySet<string> = new Set(
  'but only just instead except than however although though whereas rather besides apart'.split(' '),
);

/** Words that open a noun phrase; only the articles make it "not bare" ("no circles and a square"). */
export const ARTICLES: ReadonlySet<string> = new Set(['a', 'an', 'the', 'another']);
export const DETERMINERS: ReadonlySet<string> = new Set([...ARTICLES, 'any']);

/**
 * Words that may stand between a noun's modifiers and the noun without ending the phrase
 * ("a bright red circle", "a small, dark blue square"); "coloured" only inside a phrase.
 */
export const PHRASE_INNER_WORDS: ReadonlySet<string> = new Set(
  'very quite bright dark light pale deep vivid solid filled hollow outlined shiny plain medium sized'.split(' '),
);
export const COLOURED_WORDS: ReadonlySet<string> = new Set(['colored', 'coloured', 'shaped']);

/** Verbs that give their subject the adjectives after them ("the circle is red"), by the subject's number. */
export const COPULA_WORDS: Readonly<Record<string, 'singular' | 'plural' | 'either'>> = {
  is: 'singular',
  was: 'singular',
  "isn't": 'singular',
  "wasn't": 'singular',
  looks: 'singular',
  appears: 'singular',
  seems: 'singular',
  "it's": 'singular',
  are: 'plural',
  were: 'plural',
  "aren't": 'plural',
  "weren't": 'plural',
  look: 'plural',
  appear: 'plural',
  seem: 'plural',
  "they're": 'plural',
  be: 'either',
  colored: 'either',
  coloured: 'either',
};

/** Pronouns that stand for the last named object (it) or the last named group of objects (they). */
export const SINGULAR_PRONOUNS: ReadonlySet<string> = new Set(['it', 'its', "it's"]);
export const PLURAL_PRONOUNS: ReadonlySet<string> = new Set(['they', 'their', "they're", 'them']);

/** A new subject after a comma or "and" starts a new clause, which a denial before it does not reach. */
export const SUBJECT_WORDS: ReadonlySet<string> = new Set(['there', "there's", 'i', 'we', 'you']);

/** Words that may follow a denied phrase before "or"/"and" carries the denial on ("no circle at the top or square"). */
export const LINK_KEEPING_WORDS: ReadonlySet<string> = new Set(
  'at in on of to image picture photo scene grid frame canvas'.split(' '),
);

/** Position words and which row or column each names. */
export const VERTICAL_WORDS: Readonly<Record<string, 'top' | 'bottom'>> = {
  top: 'top',
  upper: 'top',
  bottom: 'bottom',
  lower: 'bottom',
};
export const HORIZONTAL_WORDS: Readonly<Record<string, 'left' | 'right'>> = { left: 'left', right: 'right' };
export const CENTRE_WORDS: ReadonlySet<string> = new Set([
  'center',
  'centre',
  'middle',
  'central',
  'centered',
  'centred',
]);
/** Words that may sit inside a position phrase ("top-left corner", "left-hand side"). */
export const POSITION_FILLERS: ReadonlySet<string> = new Set([
  'corner',
  'side',
  'hand',
  'edge',
  'part',
  'area',
  'region',
]);

/** Grammar words that carry no claim but are not "unknown". */
export const FUNCTION_WORDS: ReadonlySet<string> = new Set(
  (
    'the is are there in at on of and with image picture photo scene shape shapes object objects i see can ' +
    'also it this which located placed positioned sits sit lies lie near to has have contains contain shows show ' +
    'shown depicts depict grid cell row column another some its that be colored coloured sized we you here ' +
    "appears appear visible other each both next above below beside answer yes sure there's it's " +
    'only just what where how many for as by a an one sign shaped total colour color ones'
  ).split(' '),
);
