// Reads grid positions such as "top left", "upper-right corner", "middle", "left-hand side".
import type { Cell } from '../world/types';
import { CENTRE_WORDS, HORIZONTAL_WORDS, POSITION_FILLERS, VERTICAL_WORDS } from './lexicon';
import type { Token } from './tokens';

export interface PositionPhrase {
  cell: Cell;
  /** Token index range [first, last]. */
  first: number;
  last: number;
}

/** Top, left, middle…: also used by relation phrases ("left of the square"). */
export function isPositionWord(word: string): boolean {
  return word in VERTICAL_WORDS || word in HORIZONTAL_WORDS || CENTRE_WORDS.has(word);
}

const FRAME_WORDS = new Set(['image', 'picture', 'photo', 'scene', 'grid', 'frame', 'canvas']);

export function cellFromParts(vertical?: 'top' | 'bottom', horizontal?: 'left' | 'right'): Cell {
  if (vertical && horizontal) return `${vertical} ${horizontal}`;
  return vertical ?? horizontal ?? 'center';
}

/**
 * The position phrase starting at token i, if any. "left of the blue square" is a relation, not a
 * position, so a phrase followed by "of" counts only when the image itself follows ("of the image").
 */
export function readPosition(tokens: readonly Token[], i: number): PositionPhrase | null {
  if (!isPositionWord(tokens[i]?.word ?? '')) return null;
  let vertical: 'top' | 'bottom' | undefined;
  let horizontal: 'left' | 'right' | undefined;
  let last = i;
  for (let j = i; j < tokens.length && tokens[j]!.clause === tokens[i]!.clause; j++) {
    const word = tokens[j]!.word;
    if (word in VERTICAL_WORDS) vertical ??= VERTICAL_WORDS[word];
    else if (word in HORIZONTAL_WORDS) horizontal ??= HORIZONTAL_WORDS[word];
    else if (!CENTRE_WORDS.has(word) && !POSITION_FILLERS.has(word)) break;
    last = j;
  }
  if (tokens[last + 1]?.word === 'of') {
    const next = tokens[last + 2]?.word === 'the' ? tokens[last + 3] : tokens[last + 2];
    if (!next || !FRAME_WORDS.has(next.word)) return null;
  }
  return { cell: cellFromParts(vertical, horizontal), first: i, last };
}

/** Every position phrase in the tokens, left to right. */
export function findPositions(tokens: readonly Token[]): PositionPhrase[] {
  const found: PositionPhrase[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const phrase = readPosition(tokens, i);
    if (phrase) {
      found.push(phrase);
      i = phrase.last;
    } else if (isPositionWord(tokens[i]!.word)) {
      // A relation phrase such as "left of the square": skip its words so "left" is not re-read.
      while (i + 1 < tokens.length && isPositionWord(tokens[i + 1]!.word)) i++;
    }
  }
  return found;
}
