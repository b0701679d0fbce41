// Answers that look before they decide. A decoder trained from scratch does not learn to compare a
// question with the image when the answer is one token (README, "Why yes/no stays at chance"): it
// learns it once the answer first names what it sees, so the decision reads its own tokens. POPE
// and the QA metrics read the answer at the end of the first sentence, after its ", so ".
import { CELLS, SHAPES, type Cell, type Question, type Scene, type SceneObject } from '../types';
import { SHAPE_PLURALS, withArticle } from './describe';

/** "a red circle, a blue star and a green square", or `none` for no objects. */
function listObjects(objects: readonly SceneObject[], none = 'nothing'): string {
  const named = objects.map((o) => withArticle(`${o.colour} ${o.shape}`));
  return named.length > 1 ? `${named.slice(0, -1).join(', ')} and ${named.at(-1)}` : (named[0] ?? none);
}

/** Every object of the scene, in its order. */
export function seenObjects(scene: Scene): string {
  return listObjects(scene.objects);
}

const ROWS = ['top', 'middle', 'bottom'] as const;
const COLUMNS = ['left', 'middle', 'right'] as const;

/** "in the top row" / "in the left column": the one coordinate a relation compares. */
function lineOf(cell: Cell, vertical: boolean): string {
  const index = CELLS.indexOf(cell);
  return vertical ? `in the ${ROWS[Math.floor(index / 3)]} row` : `in the ${COLUMNS[index % 3]} column`;
}

const RELATION_TEXT = /^Is the (\w+) (\w+) (left of|right of|above|below) the (\w+) (\w+)\?$/;

/**
 * The row (above, below) or column (left of, right of) of a relation question's two objects: "The
 * red star is in the top row and the blue circle is in the middle row". The decision is then a
 * comparison of two of three words, not of two of nine places.
 */
function relationLook(question: Question, scene: Scene): string | undefined {
  const match = RELATION_TEXT.exec(question.text);
  if (!match) return undefined;
  const [, colourA, shapeA, relation, colourB, shapeB] = match;
  const find = (colour?: string, shape?: string) => scene.objects.find((o) => o.colour === colour && o.shape === shape);
  const a = find(colourA, shapeA);
  const b = find(colourB, shapeB);
  if (!a || !b) return undefined;
  const vertical = relation === 'above' || relation === 'below';
  return `The ${colourA} ${shapeA} is ${lineOf(a.cell, vertical)} and the ${colourB} ${shapeB} is ${lineOf(b.cell, vertical)}`;
}

const COLOUR_COUNT = /^How many (\w+) objects are there\?$/;
const SHAPE_COUNT = /^How many (\w+) are there\?$/;

/** The objects a colour or shape count question counts, listed: "a red circle and a red star", "no stars". */
function countLook(question: Question, scene: Scene): string | undefined {
  if (question.text === 'How many objects are there?') return undefined;
  const colour = COLOUR_COUNT.exec(question.text)?.[1];
  if (colour) return listObjects(scene.objects.filter((o) => o.colour === colour));
  const plural = SHAPE_COUNT.exec(question.text)?.[1];
  const shape = SHAPES.find((s) => SHAPE_PLURALS[s] === plural);
  if (!shape) return undefined;
  return listObjects(
    scene.objects.filter((o) => o.shape === shape),
    `no ${plural}`,
  );
}

/**
 * The answer a model is trained to give: existence "I see a red circle and a blue star, so no.",
 * a colour or shape count "I see a red circle and a red star, so 2.", relation "The red star is in
 * the top row and the blue circle is in the middle row, so yes.", every other question its answer
 * as it is.
 */
export function lookFirstAnswer(question: Question, scene: Scene): string {
  if (question.type === 'existence') return `I see ${seenObjects(scene)}, so ${question.answer}.`;
  const look =
    question.type === 'relation'
      ? relationLook(question, scene)
      : question.type === 'count'
        ? countLook(question, scene)
        : undefined;
  if (!look) return question.answer;
  return question.type === 'count' ? `I see ${look}, so ${question.answer}.` : `${look}, so ${question.answer}.`;
}
