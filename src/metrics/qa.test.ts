import { describe, expect, it } from 'vitest';
import type { Question } from '../world/types';
import { isAnswerCorrect, readCell, readColour, readCount, scoreQa } from './qa';

const q = (type: Question['type'], answer: string): Question => ({ type, text: '…', answer });

describe('answer readers', () => {
  it('read colours, counts and cells in free text', () => {
    expect(readColour('It is crimson.')).toBe('red');
    expect(readColour('I am not sure.')).toBeUndefined();
    expect(readCount('There are three.')).toBe(3);
    expect(readCount('2')).toBe(2);
    expect(readCount('There are no stars.')).toBe(0);
    expect(readCount('A few.')).toBeUndefined();
    // The embedded model's look-first counts (world/text/look-first.ts).
    expect(readCount('I see a red circle and a red star, so 2.')).toBe(2);
    expect(readCount('I see no stars, so 0.')).toBe(0);
    expect(readCell('In the upper-left corner.')).toBe('top left');
    expect(readCell('Middle.')).toBe('center');
    expect(readCell('bottom')).toBe('bottom');
    expect(readCell('Somewhere.')).toBeUndefined();
  });
});

describe('isAnswerCorrect', () => {
  it.each([
    [q('existence', 'yes'), 'Yes, there is.', true],
    [q('existence', 'no'), 'Yes.', false],
    [q('relation', 'no'), 'No, it is not.', true],
    [q('colour', 'purple'), 'The circle is violet.', true],
    [q('colour', 'purple'), 'Blue.', false],
    [q('count', '2'), 'There are two circles.', true],
    [q('count', '0'), 'None.', true],
    [q('count', '3'), '4', false],
    [q('position', 'top left'), 'It is at the top left.', true],
    [q('position', 'left'), 'On the left side.', true],
    [q('position', 'left'), 'At the top left.', false],
  ] as const)('%o ← %j = %s', (question, response, expected) => {
    expect(isAnswerCorrect(question, response)).toBe(expected);
  });
});

describe('scoreQa', () => {
  it('reports accuracy per question type and overall', () => {
    const score = scoreQa([
      { question: q('colour', 'red'), response: 'Red.' },
      { question: q('colour', 'red'), response: 'Green.' },
      { question: q('count', '1'), response: 'One.' },
      { question: q('existence', 'yes'), response: 'Yes' },
    ]);
    expect(score.overall).toEqual({ correct: 3, total: 4, accuracy: 0.75 });
    expect(score.byType.colour).toEqual({ correct: 1, total: 2, accuracy: 0.5 });
    expect(score.byType.count).toEqual({ correct: 1, total: 1, accuracy: 1 });
    expect(score.byType.position).toEqual({ correct: 0, total: 0, accuracy: 0 });
    expect(Object.keys(score.byType).sort()).toEqual(['colour', 'count', 'existence', 'position', 'relation']);
  });
});
