// Turns free description text into the objects it claims, for this world's grammar and its
// common paraphrases (the reading itself is description-reader.ts). Unknown words are collected, never fatal.
import type { Cell, Colour, Shape, Size } from '../world/types';
import { COLOUR_OF, DescriptionReader, type ReadDescription } from './description-reader';
import { findPositions, type PositionPhrase } from './position';
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
  /** Named by the pronoun "one" ("a blue one"), not by a shape word: the shape is the last named one's. */
  byPronoun?: boolean;
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

export { parseNumber } from './description-reader';

/**
 * Reads the objects a description claims. A denial ("no", "not", "without", "none of", any "n't")
 * covers the noun phrase after it and the phrases joined to it by "or", or by "and" and commas when
 * they have no article of their own ("no red circles, blue squares or stars"); it ends at "but",
 * "only" and the like, or at a new clause. Modifiers belong to the noun right after them; bare
 * adjectives after "is"/"are" describe the subject; "it" and "they" stand for the last named object
 * or group, "a blue one" for another object of the last named shape.
 */
export function parseDescription(text: string): ParsedDescription {
  const tokens = tokenize(text);
  const positions = findPositions(tokens);
  const positionOf = new Map<number, number>();
  positions.forEach((p, k) => {
    for (let i = p.first; i <= p.last; i++) positionOf.set(i, k);
  });
  const reader = new DescriptionReader(text, tokens, positionOf);
  tokens.forEach((_, i) => reader.read(i));
  const read = reader.finish();
  attachPositions(read, tokens, positions);
  return { objects: read.objects, unknownWords: read.unknownWords };
}

/**
 * A position phrase belongs to the object just before it in the same clause ("a red circle at the top
 * left"), or to what a pronoun before it stands for ("It is at the top left"); if that one is placed
 * already, or there is none, to the next unplaced object of the clause ("in the top left there is a
 * red circle"). A denied position ("not at the top") places nothing.
 */
function attachPositions(read: ReadDescription, tokens: readonly Token[], positions: readonly PositionPhrase[]): void {
  const { objects, nounIndex, pronouns, deniedPositions } = read;
  positions.forEach((position, k) => {
    if (deniedPositions.has(k)) return;
    const clause = tokens[position.first]!.clause;
    const inClause = [
      ...objects.map((_, object) => ({ object, at: nounIndex[object]!, isPronoun: false })),
      ...pronouns.map(({ object, at }) => ({ object, at, isPronoun: true })),
    ]
      .filter(({ at }) => tokens[at]!.clause === clause)
      .sort((a, b) => a.at - b.at);
    const before = inClause.filter(({ at }) => at < position.first).pop();
    const target =
      before && !objects[before.object]!.cell
        ? before
        : inClause.find(({ at, object, isPronoun }) => !isPronoun && at > position.last && !objects[object]!.cell);
    if (target) objects[target.object]!.cell = position.cell;
  });
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
