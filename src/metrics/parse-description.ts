// Turns free description text into the objects it claims, for this world's grammar and its
// common paraphrases. Unknown words are collected, never fatal.
import type { Cell, Colour, Shape, Size } from '../world/types';
import {
  COLOUR_WORDS, FUNCTION_WORDS, NEGATION_WORDS, NUMBER_WORDS, POSITION_FILLERS, SHAPE_PLURAL_WORDS, SHAPE_WORDS,
  SIZE_WORDS,
} from './lexicon';
import { findPositions, isPositionWord } from './position';
import { tokenize, type Token } from './tokens';

export interface ClaimedObject {
  shape: Shape;
  colour?: Colour;
  size?: Size;
  cell?: Cell;
  /** How many the text claims ("two red circles" → 2); 1 for a singular noun. */
  count: number;
  /** "no green triangle", "there isn't a star": the text denies the object. */
  negated: boolean;
  /** The noun phrase as written, and its character span in the text. */
  text: string;
  start: number;
  end: number;
}

export interface UnknownWord {
  word: string;
  start: number;
  end: number;
}

export interface ParsedDescription {
  /** Every object phrase in order, denied ones included (see `negated`). */
  objects: ClaimedObject[];
  unknownWords: UnknownWord[];
}

function invert<K extends string>(table: Readonly<Record<K, readonly string[]>>): Map<string, K> {
  const map = new Map<string, K>();
  for (const key of Object.keys(table) as K[]) for (const word of table[key]) map.set(word, key);
  return map;
}

const COLOUR_OF = invert(COLOUR_WORDS);
const SIZE_OF = invert(SIZE_WORDS);
const SHAPE_OF = invert(SHAPE_WORDS);
const PLURAL_SHAPE_OF = invert(SHAPE_PLURAL_WORDS);

export function parseNumber(word: string): number | undefined {
  if (/^\d+$/.test(word)) return Number(word);
  return NUMBER_WORDS[word];
}

interface Pending {
  colour?: Colour;
  size?: Size;
  count?: number;
  negated: boolean;
  /** Start of the modifier run just before the noun, so the span covers "a large red circle". */
  start?: number;
}

export function parseDescription(text: string): ParsedDescription {
  const tokens = tokenize(text);
  const objects: ClaimedObject[] = [];
  const nounIndex: number[] = []; // token index of each object's noun
  const unknownWords: UnknownWord[] = [];
  const positionTokens = new Set<number>();
  const positions = findPositions(tokens);
  for (const p of positions) for (let i = p.first; i <= p.last; i++) positionTokens.add(i);

  let pending: Pending = { negated: false };
  let clause = -1;
  const closeClause = () => {
    // "The circle is red.": modifiers left over at the end of a clause describe its last object.
    const last = objects.at(-1);
    if (last && !pending.negated && tokens[nounIndex.at(-1)!]!.clause === clause) {
      last.colour ??= pending.colour;
      last.size ??= pending.size;
    }
    pending = { negated: false };
  };

  tokens.forEach((token, i) => {
    if (token.clause !== clause) {
      closeClause();
      clause = token.clause;
    }
    const { word } = token;
    const modifierStart = () => (pending.start ??= token.start);
    const shape = SHAPE_OF.get(word) ?? PLURAL_SHAPE_OF.get(word);
    if (shape) {
      const plural = PLURAL_SHAPE_OF.has(word);
      const start = pending.start ?? token.start;
      objects.push({
        shape,
        colour: pending.colour,
        size: pending.size,
        count: pending.count ?? (plural ? 2 : 1),
        negated: pending.negated,
        text: text.slice(start, token.end),
        start,
        end: token.end,
      });
      nounIndex.push(i);
      pending = { negated: false };
    } else if (COLOUR_OF.has(word)) {
      pending.colour = COLOUR_OF.get(word);
      modifierStart();
    } else if (SIZE_OF.has(word)) {
      pending.size = SIZE_OF.get(word);
      modifierStart();
    } else if (NEGATION_WORDS.has(word)) {
      pending.negated = true;
    } else if (word === 'a' || word === 'an' || word === 'the') {
      pending.start = token.start; // an article opens a new noun phrase; it is not a count
    } else if (parseNumber(word) !== undefined) {
      pending.count = parseNumber(word);
      modifierStart();
    } else {
      // Any other word ends the modifier run: a span never reaches back over it, and a negation
      // covers only the noun phrase right after it ("no, there are two circles" denies nothing).
      pending.start = undefined;
      pending.negated = false;
      if (!positionTokens.has(i) && !FUNCTION_WORDS.has(word) && !POSITION_FILLERS.has(word) && !isPositionWord(word)) {
        unknownWords.push({ word: token.word, start: token.start, end: token.end });
      }
    }
  });
  closeClause();
  attachPositions(objects, nounIndex, tokens, positions);
  return { objects, unknownWords };
}

/**
 * A position phrase belongs to the object just before it in the same clause ("a red circle at the
 * top left"); if that one is placed already, or there is none, to the next unplaced object of the
 * clause ("in the top left there is a red circle").
 */
function attachPositions(
  objects: ClaimedObject[],
  nounIndex: readonly number[],
  tokens: readonly Token[],
  positions: ReturnType<typeof findPositions>,
): void {
  for (const position of positions) {
    const clause = tokens[position.first]!.clause;
    const inClause = objects
      .map((object, k) => ({ object, at: nounIndex[k]! }))
      .filter(({ at }) => tokens[at]!.clause === clause);
    const before = inClause.filter(({ at }) => at < position.first).pop();
    const target = before && !before.object.cell
      ? before
      : inClause.find(({ at, object }) => at > position.last && !object.cell);
    if (target) target.object.cell = position.cell;
  }
}

/**
 * The span of the words that name a claimed object's kind (colour and shape, what CHAIR counts):
 * "a large red circle" → "red circle"; the noun alone when no colour word comes before it.
 */
export function kindSpan(object: ClaimedObject): { start: number; end: number } {
  const words = tokenize(object.text);
  const colourWords = words.filter((w) => object.colour !== undefined && COLOUR_OF.get(w.word) === object.colour);
  const first = colourWords.at(-1) ?? words.at(-1)!;
  return { start: object.start + first.start, end: object.end };
}
