// The word-by-word reading behind parseDescription: noun phrases, what a denial covers, and which
// object a predicate ("is red") or a pronoun ("it", "a blue one") is about.
import type { Colour, Shape, Size } from '../world/types';
import {
  ARTICLES,
  COLOUR_WORDS,
  COLOURED_WORDS,
  CONTRAST_WORDS,
  COPULA_WORDS,
  DETERMINERS,
  FUNCTION_WORDS,
  isNegationWord,
  LINK_KEEPING_WORDS,
  NUMBER_WORDS,
  PHRASE_INNER_WORDS,
  PLURAL_PRONOUNS,
  POSITION_FILLERS,
  SHAPE_PLURAL_WORDS,
  SHAPE_WORDS,
  SINGULAR_PRONOUNS,
  SIZE_WORDS,
  SUBJECT_WORDS,
} from './lexicon';
import { isPositionWord } from './position';
import type { Token } from './tokens';
import type { ClaimedObject, UnknownWord } from './parse-description';

function invert<K extends string>(table: Readonly<Record<K, readonly string[]>>): Map<string, K> {
  const map = new Map<string, K>();
  for (const key of Object.keys(table) as K[]) for (const word of table[key]) map.set(word, key);
  return map;
}

export const COLOUR_OF = invert(COLOUR_WORDS);
const SIZE_OF = invert(SIZE_WORDS);
const SHAPE_OF = invert(SHAPE_WORDS);
const PLURAL_SHAPE_OF = invert(SHAPE_PLURAL_WORDS);

export function parseNumber(word: string): number | undefined {
  if (/^\d+$/.test(word)) return Number(word);
  return Object.hasOwn(NUMBER_WORDS, word) ? NUMBER_WORDS[word] : undefined; // not "constructor"
}

const isCopula = (word: string) => Object.hasOwn(COPULA_WORDS, word);

/** The noun phrase being read: its modifiers so far. */
interface Phrase {
  colour?: Colour;
  size?: Size;
  count?: number;
  /** Start of the phrase, so the span covers "a large red circle". */
  start?: number;
  /** Opened by an article: "no circles and a square" denies only the circles. */
  hasArticle: boolean;
}

/**
 * How the word being read relates to the last phrase: right after it ("no red circles, blue
 * squares"), after "and" or after "or"/"nor". A denial carries over "or" to the next phrase, and
 * over "and" or a comma to a bare one.
 */
type Link = 'none' | 'adjacent' | 'and' | 'or';

export interface ReadDescription {
  objects: ClaimedObject[];
  /** Token index of each object's noun. */
  nounIndex: number[];
  unknownWords: UnknownWord[];
  /** "It is at the top left": the object a singular pronoun stands for, by the pronoun's token index. */
  pronouns: { at: number; object: number }[];
  /** Position phrases (by index) that a denial reaches: "the circle is not at the top". */
  deniedPositions: Set<number>;
}

export class DescriptionReader {
  readonly result: ReadDescription = {
    objects: [],
    nounIndex: [],
    unknownWords: [],
    pronouns: [],
    deniedPositions: new Set(),
  };
  private phrase: Phrase = { hasArticle: false };
  /** A negation word waits for the phrase it denies ("I don't see a square"). */
  private armed = false;
  private lastDenied = false;
  private lastWasObject = false;
  private link: Link = 'none';
  /** Objects joined by "and"/"or"/commas: "the circle and the square are green", "they". */
  private group: number[] = [];
  /** Whom a copula would describe: the clause's last object (or group), or what a pronoun stands for. */
  private candidates: number[] = [];
  /** Whom bare adjectives describe after a copula ("the circle is red"). */
  private subjects: number[] = [];
  private clause = -1;

  constructor(
    private readonly text: string,
    private readonly tokens: readonly Token[],
    /** Token index → index of the position phrase it is part of. */
    private readonly positionOf: ReadonlyMap<number, number>,
  ) {}

  read(i: number): void {
    const token = this.tokens[i]!;
    if (token.clause !== this.clause) {
      this.endClause();
      this.clause = token.clause;
    }
    const { word } = token;
    const shape = SHAPE_OF.get(word) ?? PLURAL_SHAPE_OF.get(word);
    if (shape) return this.noun(i, shape, PLURAL_SHAPE_OF.has(word), false);
    if (this.isPronounOne(i)) return this.noun(i, this.result.objects.at(-1)!.shape, word === 'ones', true);
    if (COLOUR_OF.has(word)) return this.modifier(token, { colour: COLOUR_OF.get(word) });
    if (SIZE_OF.has(word)) return this.modifier(token, { size: SIZE_OF.get(word) });
    if (PHRASE_INNER_WORDS.has(word)) return;
    if (COLOURED_WORDS.has(word) && (this.phrase.colour || this.phrase.size)) return; // "a red-coloured circle"
    const position = this.positionOf.get(i);
    if (position !== undefined) return this.positionWord(position);
    if (word === 'no' && /^\s*[,!]/.test(this.text.slice(token.end))) return this.interjection();
    if (isNegationWord(word)) return this.negation(word);
    if (DETERMINERS.has(word)) return this.determiner(token, i);
    const count = parseNumber(word);
    if (count !== undefined) return this.modifier(token, { count });
    const onlyCounted = this.phrase.count !== undefined && !this.phrase.colour && !this.phrase.size;
    if (word === 'of' && onlyCounted) return; // "a pair of", "two of the circles"
    if (word === 'and' || word === 'or') return this.coordinator(word);
    if (CONTRAST_WORDS.has(word)) return this.contrast();
    if (SINGULAR_PRONOUNS.has(word) || PLURAL_PRONOUNS.has(word)) return this.pronoun(i, word);
    if (isCopula(word)) return this.copula(word);
    if (SUBJECT_WORDS.has(word) && this.startsNewClause(i)) this.armed = false;
    this.otherWord(token);
  }

  /** Ends the last clause: call once after the last token. */
  finish(): ReadDescription {
    this.endClause();
    return this.result;
  }

  private noun(i: number, shape: Shape, plural: boolean, byPronoun: boolean): void {
    const token = this.tokens[i]!;
    const { objects, nounIndex } = this.result;
    const start = this.phrase.start ?? token.start;
    const count = this.phrase.count ?? (plural ? 2 : 1);
    const bare = !this.phrase.hasArticle && this.phrase.count === undefined;
    const carried = this.lastDenied && (this.link === 'or' || (this.link !== 'none' && bare));
    const negated = this.armed || carried || count === 0;
    const object: ClaimedObject = {
      shape,
      colour: this.phrase.colour,
      size: this.phrase.size,
      count,
      negated,
      text: this.text.slice(start, token.end),
      start,
      end: token.end,
    };
    if (byPronoun) object.byPronoun = true;
    const joined = this.lastWasObject && this.link !== 'none';
    objects.push(object);
    nounIndex.push(i);
    this.group = joined ? [...this.group, objects.length - 1] : [objects.length - 1];
    this.candidates = this.group;
    this.subjects = [];
    this.phrase = { hasArticle: false };
    this.endPhrase(negated, true);
  }

  /** "a red circle next to a blue one", "two blue ones", "a star and another one". */
  private isPronounOne(i: number): boolean {
    const word = this.tokens[i]!.word;
    if ((word !== 'one' && word !== 'ones') || this.result.objects.length === 0) return false;
    return this.phrase.colour !== undefined || this.phrase.size !== undefined || this.tokens[i - 1]?.word === 'another';
  }

  private modifier(token: Token, modifier: Partial<Pick<Phrase, 'colour' | 'size' | 'count'>>): void {
    Object.assign(this.phrase, modifier);
    this.phrase.start ??= token.start;
  }

  private determiner(token: Token, i: number): void {
    const partitive = this.tokens[i - 1]?.word === 'of' && this.phrase.count !== undefined; // "two of the circles"
    if (!partitive) {
      this.flush();
      this.phrase.start = token.start;
    }
    if (ARTICLES.has(token.word)) this.phrase.hasArticle = true;
  }

  private negation(word: string): void {
    this.flush();
    if (word === 'nor' && this.lastDenied && this.link !== 'none') this.link = 'or';
    else this.armed = true;
    if (isCopula(word)) this.copula(word); // "the circle isn't red"
  }

  /** "No, there are two circles": an answer to a question, not a denial. */
  private interjection(): void {
    this.flush();
    this.armed = false;
    this.link = 'none';
  }

  private coordinator(word: 'and' | 'or'): void {
    this.flush();
    if (this.link !== 'none') this.link = word;
  }

  private contrast(): void {
    this.flush();
    this.armed = false;
    this.lastDenied = false;
    this.link = 'none';
  }

  /** "It is purple" describes the last named object; "they are red" the last named group. */
  private pronoun(i: number, word: string): void {
    this.flush();
    this.armed = false;
    this.lastDenied = false;
    this.link = 'none';
    this.lastWasObject = false;
    const { objects } = this.result;
    const referents = SINGULAR_PRONOUNS.has(word) ? (objects.length ? [objects.length - 1] : []) : this.group;
    this.candidates = referents.filter((k) => !objects[k]!.negated);
    const [referent] = this.candidates;
    if (SINGULAR_PRONOUNS.has(word) && referent !== undefined) this.result.pronouns.push({ at: i, object: referent });
    if (isCopula(word)) this.copula(word);
  }

  private copula(word: string): void {
    this.flush();
    this.link = 'none';
    this.subjects = COPULA_WORDS[word] === 'singular' ? this.candidates.slice(-1) : this.candidates;
  }

  /** A word of a position phrase; one that a pending denial reaches is not the object's cell. */
  private positionWord(position: number): void {
    this.flush();
    if (this.armed) {
      this.result.deniedPositions.add(position);
      this.endPhrase(true, false);
    }
  }

  private otherWord(token: Token): void {
    const { word } = token;
    this.flush();
    if (!LINK_KEEPING_WORDS.has(word) && !POSITION_FILLERS.has(word)) this.link = 'none';
    const known =
      FUNCTION_WORDS.has(word) || POSITION_FILLERS.has(word) || isPositionWord(word) || SUBJECT_WORDS.has(word);
    if (!known) this.result.unknownWords.push({ word: token.word, start: token.start, end: token.end });
  }

  /** After a comma or a coordinator, "there", "I", "we" open a clause of their own. */
  private startsNewClause(i: number): boolean {
    const previous = this.tokens[i - 1];
    if (!previous || previous.clause !== this.tokens[i]!.clause) return false;
    const between = this.text.slice(previous.end, this.tokens[i]!.start);
    return ['and', 'but', 'or'].includes(previous.word) || between.includes(',');
  }

  /**
   * Adjectives that no noun followed: a predicate ("is red and large") that describes the
   * copula's subject, or (at the end of a clause) its last object; dropped when denied or when
   * they belonged to a noun that names no object ("a red shape").
   */
  private flush(atClauseEnd = false): void {
    const { colour, size, count, hasArticle } = this.phrase;
    this.phrase = { hasArticle: false };
    if (colour === undefined && size === undefined) return;
    const denied = this.armed || (this.lastDenied && this.link !== 'none');
    const targets = this.subjects.length || !atClauseEnd ? this.subjects : this.candidates.slice(-1);
    if (!denied && !hasArticle && count === undefined) {
      for (const k of targets) {
        const object = this.result.objects[k]!;
        object.colour ??= colour;
        object.size ??= size;
      }
    }
    this.endPhrase(denied, false);
  }

  private endPhrase(denied: boolean, wasObject: boolean): void {
    this.armed = false;
    this.lastDenied = denied;
    this.lastWasObject = wasObject;
    this.link = 'adjacent';
  }

  private endClause(): void {
    this.flush(true);
    this.armed = false;
    this.lastDenied = false;
    this.lastWasObject = false;
    this.link = 'none';
    this.candidates = [];
    this.subjects = [];
  }
}
