// QA accuracy: a response is right when the answer read from it equals the question's exact answer.
import type { Cell, Colour, Question, QuestionType } from '../world/types';
import { ratio } from './ratio';
import { COLOUR_WORDS } from './lexicon';
import { parseNumber } from './parse-description';
import { findPositions } from './position';
import { tokenize } from './tokens';
import { parseYesNo } from './yes-no';

/** The first colour word in the text. */
export function readColour(text: string): Colour | undefined {
  for (const { word } of tokenize(text)) {
    for (const colour of Object.keys(COLOUR_WORDS) as Colour[]) if (COLOUR_WORDS[colour].includes(word)) return colour;
  }
  return undefined;
}

/** The first number in the text ("2", "two"); "no"/"none" alone mean 0. */
export function readCount(text: string): number | undefined {
  let sawNone = false;
  for (const { word } of tokenize(text)) {
    if (word === 'a' || word === 'an') continue;
    if (word === 'no' || word === 'none') sawNone = true;
    const n = parseNumber(word);
    if (n !== undefined) return n;
  }
  return sawNone ? 0 : undefined;
}

/** The first grid position in the text ("top left", "in the upper-right corner", "middle"). */
export function readCell(text: string): Cell | undefined {
  return findPositions(tokenize(text))[0]?.cell;
}

export function readAnswer(type: QuestionType, response: string): string | undefined {
  switch (type) {
    case 'existence':
    case 'relation':
      return parseYesNo(response);
    case 'colour':
      return readColour(response);
    case 'count': {
      const n = readCount(response);
      return n === undefined ? undefined : String(n);
    }
    case 'position':
      return readCell(response);
  }
}

export function isAnswerCorrect(question: Question, response: string): boolean {
  return readAnswer(question.type, response) === question.answer;
}

export interface Accuracy {
  correct: number;
  total: number;
  /** correct / total, 0 when total is 0. */
  accuracy: number;
}

export interface QaScore {
  overall: Accuracy;
  byType: Record<QuestionType, Accuracy>;
}

const EMPTY_BY_TYPE: Record<QuestionType, true> = {
  existence: true,
  colour: true,
  count: true,
  position: true,
  relation: true,
};

export function scoreQa(answers: readonly { question: Question; response: string }[]): QaScore {
  const tally = (items: typeof answers): Accuracy => {
    const correct = items.filter((a) => isAnswerCorrect(a.question, a.response)).length;
    return { correct, total: items.length, accuracy: ratio(correct, items.length) };
  };
  const types = Object.keys(EMPTY_BY_TYPE) as QuestionType[];
  const byType = Object.fromEntries(
    types.map((type) => [type, tally(answers.filter((a) => a.question.type === type))]),
  ) as Record<QuestionType, Accuracy>;
  return { overall: tally(answers), byType };
}
