// Free text as Hub models and people write it: what a person reads in each sentence, written by
// hand. "no red circle" is a denied object, "2 blue squares" a count, "@ top left" a cell.
import { describe, expect, it } from 'vitest';
import { SHAPE_PLURALS, type Scene } from '../world';
import { chairForAnswer, type JudgedMention } from './chair';
import { parseDescription, type ClaimedObject } from './parse-description';

function asRead({ shape, colour, size, cell, count, negated }: ClaimedObject): string {
  const several = !negated && count !== 1;
  const words = [negated ? 'no' : several ? String(count) : '', size, colour, several ? SHAPE_PLURALS[shape] : shape];
  return [...words, cell ? `@ ${cell}` : ''].filter(Boolean).join(' ');
}

const read = (text: string) => parseDescription(text).objects.map(asRead);
const verdicts = (mentions: readonly JudgedMention[]) => mentions.map((m) => `${m.colour} ${m.shape} ${m.verdict}`);

const sentences: [string, string[]][] = [
  // The examples.
  ["There aren't any circles.", ['no circle']],
  ["I don't see a square.", ['no square']],
  ['A red shape and a square.', ['square']],
  ['Two red shapes: a small red square and a large red circle.', ['small red square', 'large red circle']],
  ['There is no red circle or blue square.', ['no red circle', 'no blue square']],
  ['A red circle next to a blue one.', ['red circle', 'blue circle']],
  ['There is a diamond. It is purple.', ['purple diamond']],
  // Negation words and contractions.
  ["The image doesn't contain a triangle.", ['no triangle']],
  ["I can't find any yellow diamonds.", ['no yellow diamond']],
  ['I do not see any crosses or stars.', ['no cross', 'no star']],
  ['I see no star.', ['no star']],
  ["There doesn't seem to be a cross.", ['no cross']],
  ["There isn't a single triangle.", ['no triangle']],
  ['There are zero triangles.', ['no triangle']],
  ['None of the shapes is a star.', ['no star']],
  ['A blue square without any circles.', ['blue square', 'no circle']],
  ["I don't think there is a circle.", ['no circle']],
  // What a denial covers, and where it ends.
  ['There are no circles and no squares.', ['no circle', 'no square']],
  ['Neither a red star nor a blue cross is visible.', ['no red star', 'no blue cross']],
  ['There is no triangle at the top left or square at the bottom.', ['no triangle @ top left', 'no square @ bottom']],
  ['There are no red circles, blue squares or green stars.', ['no red circle', 'no blue square', 'no green star']],
  ['There are no circles and a yellow star.', ['no circle', 'yellow star']],
  ['There is no circle next to the blue square.', ['no circle', 'blue square']],
  ["There isn't a star, but there is a green cross.", ['no star', 'green cross']],
  ['There is no star, only a large orange circle.', ['no star', 'large orange circle']],
  ['There is nothing but a purple star.', ['purple star']],
  ['There are no shapes other than a black cross.', ['black cross']],
  ['The picture shows a violet rhombus, not a square.', ['purple diamond', 'no square']],
  ['There is a red circle at the top left and no blue square.', ['red circle @ top left', 'no blue square']],
  ['There are no green triangles; a green circle is on the left.', ['no green triangle', 'green circle @ left']],
  ['No, there are two red circles.', ['2 red circles']],
  ['No stars are visible.', ['no star']],
  // Denied attributes are not the object's.
  ['The circle is not red, it is blue.', ['blue circle']],
  ["The square isn't large.", ['square']],
  ["There is a circle, but it isn't red.", ['circle']],
  ['The circle is not at the top, and there is a square in the middle.', ['circle', 'square @ center']],
  // Modifiers belong to the noun right after them.
  ['A small green star and a triangle.', ['small green star', 'triangle']],
  ['A triangle and a small green star.', ['triangle', 'small green star']],
  ['A large shape and a red square.', ['red square']],
  ['Three shapes: a red circle, a blue square and a star.', ['red circle', 'blue square', 'star']],
  ['A bright red circle and a dark blue square.', ['red circle', 'blue square']],
  ['A pair of red squares.', ['2 red squares']],
  ['Two of the circles are red.', ['2 red circles']],
  ['One red circle.', ['red circle']],
  // "one" after an adjective stands for the last named shape.
  ['A red square and two blue ones.', ['red square', '2 blue squares']],
  ['A large circle and a small one.', ['large circle', 'small circle']],
  ['There is one blue diamond and one green one.', ['blue diamond', 'green diamond']],
  ['There is a star and another one.', ['star', 'star']],
  ["There aren't any red circles, only blue ones.", ['no red circle', '2 blue circles']],
  ["A red circle. There isn't a blue one.", ['red circle', 'no blue circle']],
  // Predicates and pronouns carry attributes to the object they are about.
  ['The circle is red and large.', ['large red circle']],
  ['A circle coloured red.', ['red circle']],
  ['The circle and the square are green.', ['green circle', 'green square']],
  ['There is a cross. It is orange and small.', ['small orange cross']],
  ["There is a circle. It's at the top left.", ['circle @ top left']],
  ['There is a square. It is large. It is at the bottom right.', ['large square @ bottom right']],
  ['There are two stars. They are yellow.', ['2 yellow stars']],
  ['There is a circle and a square. They are red.', ['red circle', 'red square']],
  ['There is a triangle. Its colour is purple.', ['purple triangle']],
  ['There is a diamond. It is not purple.', ['diamond']],
  ['There is a star. The square is blue.', ['star', 'blue square']],
  ['A star. It is yellow. A circle.', ['yellow star', 'circle']],
  // The world's own grammar, for contrast.
  [
    'A large red circle at the top left. A small blue square on the right.',
    ['large red circle @ top left', 'small blue square @ right'],
  ],
];

describe('parseDescription on free text', () => {
  it.each(sentences)('%s', (text, expected) => {
    expect(read(text)).toEqual(expected);
  });

  it('has the table the issue asks for: at least 40 sentences', () => {
    expect(sentences.length).toBeGreaterThanOrEqual(40);
  });

  it('keeps spans that cut each phrase, pronoun ones included, out of the text', () => {
    const text = 'There is no red circle or blue square, only a green one.';
    const { objects } = parseDescription(text);
    expect(objects.map((o) => o.text)).toEqual(['red circle', 'blue square', 'a green one']);
    for (const o of objects) expect(text.slice(o.start, o.end)).toBe(o.text);
    expect(objects[2]).toMatchObject({ shape: 'square', colour: 'green', byPronoun: true, negated: false });
  });
});

describe('CHAIR modes on free text', () => {
  const scene: Scene = {
    id: 'test-0-0',
    split: 'test',
    seed: 0,
    index: 0,
    background: { rgb: [230, 230, 230], texture: 'plain', textureSeed: 0 },
    objects: [{ shape: 'square', colour: 'red', size: 'small', cell: 'left' }],
  };
  const text = "There aren't any circles. I see a red square and a blue one.";

  it('negation-aware (the default) counts what the answer affirms, pronoun ones included', () => {
    const detail = chairForAnswer(text, scene);
    expect(verdicts(detail.mentions)).toEqual(['red square correct', 'blue square hallucinated']);
  });

  it('literal counts every object word, denied or not, as the original CHAIR does', () => {
    const detail = chairForAnswer(text, scene, { mode: 'literal' });
    expect(verdicts(detail.mentions)).toEqual(['undefined circle hallucinated', 'red square correct']);
    expect(detail.hallucinatedCount).toBe(1);
  });
});
