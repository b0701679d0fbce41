// Answers that look before they decide. A decoder trained from scratch does not learn to compare a
// question with the image when the answer is one token (README, "Why yes/no stays at chance"): it
// learns it once the answer first names what it sees, so the decision reads its own tokens. POPE
// and the QA metrics read the answer at the end of the first sentence, after its ", so ".
import { CELLS, SHAPES, type Cell, type Question, type Scene, type SceneObject } from '../types';
import { CELL_PHRASES, SHAPE_PLURALS, withArticle } from './describe';
import { existenceQuestionKind } from './questions';

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

/**
 * How a look is phrased. 'cells' (run 4's, and the first three stages of the recipe): a relation question's look names
 * both objects' cells, counts are answered bare. 'lines' (run 5): the look names the row (above,
 * below) or column (left of, right of) of each object, so the decision compares two of three words
 * rather than two of nine places, and a colour or shape count lists what it counts first. 'shapes'
 * (run 6's last stage): relations by row or column as 'lines', counts bare as 'cells', and an
 * existence look lists only the objects of the asked shape ("I see a red circle and a green circle,
 * so no.", "I see no stars, so no."), so the decision matches one colour word.
 */
export const LOOK_STYLES = ['cells', 'lines', 'shapes'] as const;
export type LookStyle = (typeof LOOK_STYLES)[number];

/** "at the top left" ('cells'), or "in the top row" / "in the left column" ('lines'). */
function placeOf(cell: Cell, style: LookStyle, vertical: boolean): string {
  if (style === 'cells') return CELL_PHRASES[cell];
  const index = CELLS.indexOf(cell);
  return vertical ? `in the ${ROWS[Math.floor(index / 3)]} row` : `in the ${COLUMNS[index % 3]} column`;
}

const RELATION_TEXT = /^Is the (\w+) (\w+) (left of|right of|above|below) the (\w+) (\w+)\?$/;

/** Where a relation question's two objects are: "The red star is at the top left and the blue circle is in the center". */
function relationLook(question: Question, scene: Scene, style: LookStyle): string | undefined {
  const match = RELATION_TEXT.exec(question.text);
  if (!match) return undefined;
  const [, colourA, shapeA, relation, colourB, shapeB] = match;
  const find = (colour?: string, shape?: string) => scene.objects.find((o) => o.colour === colour && o.shape === shape);
  const a = find(colourA, shapeA);
  const b = find(colourB, shapeB);
  if (!a || !b) return undefined;
  const vertical = relation === 'above' || relation === 'below';
  return `The ${colourA} ${shapeA} is ${placeOf(a.cell, style, vertical)} and the ${colourB} ${shapeB} is ${placeOf(b.cell, style, vertical)}`;
}

/**
 * The objects of the asked shape, listed: "a red circle and a green circle", "no circles". An answer
 * of "yes" about an absent kind (the language prior's, trainingQuestions) sees it too, last.
 */
function existenceLook(question: Question, scene: Scene): string | undefined {
  const kind = existenceQuestionKind(question.text);
  if (!kind) return undefined;
  const { colour, shape } = kind;
  const seen = scene.objects.filter((o) => o.shape === shape);
  const phantom = question.answer === 'yes' && !seen.some((o) => o.colour === colour);
  return listObjects(phantom ? [...seen, { colour, shape } as SceneObject] : seen, `no ${SHAPE_PLURALS[shape]}`);
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
 * relation "The red star is at the top left and the blue circle is in the center, so yes." ('cells')
 * or "The red star is in the top row and the blue circle is in the middle row, so yes." ('lines'),
 * with 'lines' a colour or shape count "I see a red circle and a red star, so 2."; every other
 * question its answer as it is.
 */
export function lookFirstAnswer(question: Question, scene: Scene, style: LookStyle = 'cells'): string {
  if (question.type === 'existence') {
    const look = style === 'shapes' ? existenceLook(question, scene) : seenObjects(scene);
    return `I see ${look ?? seenObjects(scene)}, so ${question.answer}.`;
  }
  if (question.type === 'relation') {
    const look = relationLook(question, scene, style);
    return look ? `${look}, so ${question.answer}.` : question.answer;
  }
  const counted = question.type === 'count' && style === 'lines' ? countLook(question, scene) : undefined;
  return counted ? `I see ${counted}, so ${question.answer}.` : question.answer;
}
