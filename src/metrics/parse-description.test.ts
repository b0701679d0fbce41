import { describe, expect, it } from 'vitest';
import { parseDescription } from './parse-description';

const claims = (text: string) =>
  parseDescription(text).objects.map(({ shape, colour, size, cell, count, negated }) => ({
    shape,
    colour,
    size,
    cell,
    count,
    negated,
  }));

describe('parseDescription', () => {
  it("reads the world's own grammar exactly", () => {
    expect(
      claims(
        'A large red circle at the top left. A small blue square on the right. A small black cross in the center.',
      ),
    ).toEqual([
      { shape: 'circle', colour: 'red', size: 'large', cell: 'top left', count: 1, negated: false },
      { shape: 'square', colour: 'blue', size: 'small', cell: 'right', count: 1, negated: false },
      { shape: 'cross', colour: 'black', size: 'small', cell: 'center', count: 1, negated: false },
    ]);
  });

  it('tolerates paraphrase: corners, hyphens, synonyms, leading positions, plurals', () => {
    expect(claims('There is a red circle in the top-left corner.')).toEqual([
      { shape: 'circle', colour: 'red', size: undefined, cell: 'top left', count: 1, negated: false },
    ]);
    expect(claims('In the bottom right there are two green triangles and a yellow star in the middle.')).toEqual([
      { shape: 'triangle', colour: 'green', size: undefined, cell: 'bottom right', count: 2, negated: false },
      { shape: 'star', colour: 'yellow', size: undefined, cell: 'center', count: 1, negated: false },
    ]);
    expect(claims('I can see a big violet rhombus in the centre, 3 navy crosses and golden stars.')).toEqual([
      { shape: 'diamond', colour: 'purple', size: 'large', cell: 'center', count: 1, negated: false },
      { shape: 'cross', colour: 'blue', size: undefined, cell: undefined, count: 3, negated: false },
      { shape: 'star', colour: 'yellow', size: undefined, cell: undefined, count: 2, negated: false },
    ]);
    expect(claims('The upper right has a tiny orange plus sign.')[0]).toMatchObject({
      shape: 'cross',
      size: 'small',
      cell: 'top right',
    });
    expect(claims('A blue square at the middle left of the image.')[0]).toMatchObject({ cell: 'left' });
    expect(claims('A blue square at the top center.')[0]).toMatchObject({ cell: 'top' });
  });

  it('marks denied objects and reads predicate attributes', () => {
    expect(claims("There is no green triangle. The circle is red and large. There isn't a star.")).toEqual([
      { shape: 'triangle', colour: 'green', size: undefined, cell: undefined, count: 1, negated: true },
      { shape: 'circle', colour: 'red', size: 'large', cell: undefined, count: 1, negated: false },
      { shape: 'star', colour: undefined, size: undefined, cell: undefined, count: 1, negated: true },
    ]);
  });

  it('limits a negation to the noun phrase right after it', () => {
    expect(claims('No, there are two red circles.')).toEqual([
      { shape: 'circle', colour: 'red', size: undefined, cell: undefined, count: 2, negated: false },
    ]);
    expect(claims('There is not a large red circle.')[0]).toMatchObject({ negated: true, size: 'large' });
    expect(claims('The circle is not red.')[0]).toMatchObject({ colour: undefined, negated: false });
  });

  it('does not read a relation ("left of the square") as a position', () => {
    expect(claims('A purple diamond to the left of the blue square.')).toEqual([
      { shape: 'diamond', colour: 'purple', size: undefined, cell: undefined, count: 1, negated: false },
      { shape: 'square', colour: 'blue', size: undefined, cell: undefined, count: 1, negated: false },
    ]);
    expect(parseDescription('A purple diamond to the left of the blue square.').unknownWords).toEqual([]);
  });

  it('collects unknown words with spans and never lets them into an object phrase', () => {
    const text = 'I see a fluffy zebra and a gorgeous crimson disc at the lower left-hand side.';
    const parsed = parseDescription(text);
    expect(parsed.unknownWords.map((w) => w.word)).toEqual(['fluffy', 'zebra', 'gorgeous']);
    for (const w of parsed.unknownWords) expect(text.slice(w.start, w.end)).toBe(w.word);
    expect(parsed.objects).toHaveLength(1);
    expect(parsed.objects[0]).toMatchObject({
      shape: 'circle',
      colour: 'red',
      cell: 'bottom left',
      text: 'crimson disc',
    });
  });

  it('gives character spans that cut the object phrase out of the text', () => {
    const text = 'A large red circle at the top left. Also, the small blue square sits on the right.';
    const { objects } = parseDescription(text);
    expect(objects.map((o) => o.text)).toEqual(['A large red circle', 'the small blue square']);
    for (const o of objects) expect(text.slice(o.start, o.end)).toBe(o.text);
  });

  it('survives empty text, punctuation, numbers and other scripts', () => {
    expect(parseDescription('')).toEqual({ objects: [], unknownWords: [] });
    expect(parseDescription('!!! ??? ...').objects).toEqual([]);
    expect(parseDescription('ünïcödé 名字 42').objects).toEqual([]);
    expect(parseDescription('square square square').objects).toHaveLength(3);
  });
});
