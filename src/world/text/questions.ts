// Questions with exact answers, generated from a scene's ground truth.
import { ALL_KINDS, kindKey, sameKind } from '../kinds';
import { rngFor, type Rng } from '../../common/random';
import {
  CELLS,
  COLOURS,
  QUESTION_TYPES,
  SHAPES,
  type Cell,
  type ObjectKind,
  type Question,
  type QuestionType,
  type Scene,
  type SceneObject,
} from '../types';
import { CELL_PHRASES, SHAPE_PLURALS, withArticle } from './describe';

export const RELATIONS = ['left of', 'right of', 'above', 'below'] as const;
export type Relation = (typeof RELATIONS)[number];

export function existenceQuestionText(kind: ObjectKind): string {
  return `Is there ${withArticle(`${kind.colour} ${kind.shape}`)} in the image?`;
}

const EXISTENCE_TEXT = /^Is there an? (\w+) (\w+) in the image\?$/;

/** The kind an existence question (existenceQuestionText's wording) asks about, or undefined for other text. */
export function existenceQuestionKind(text: string): ObjectKind | undefined {
  const match = EXISTENCE_TEXT.exec(text);
  const colour = COLOURS.find((c) => c === match?.[1]);
  const shape = SHAPES.find((s) => s === match?.[2]);
  return colour && shape ? { colour, shape } : undefined;
}

/** Whether cell `a` stands in `relation` to cell `b` (strictly: same column is neither left nor right). */
export function cellsRelate(a: Cell, relation: Relation, b: Cell): boolean {
  const ia = CELLS.indexOf(a);
  const ib = CELLS.indexOf(b);
  switch (relation) {
    case 'left of':
      return ia % 3 < ib % 3;
    case 'right of':
      return ia % 3 > ib % 3;
    case 'above':
      return Math.floor(ia / 3) < Math.floor(ib / 3);
    case 'below':
      return Math.floor(ia / 3) > Math.floor(ib / 3);
  }
}

function yesNo(value: boolean): string {
  return value ? 'yes' : 'no';
}

/** Objects whose colour+shape occurs once, so "the red circle" names exactly one object. */
function uniquelyNamed(scene: Scene): SceneObject[] {
  return scene.objects.filter((o) => scene.objects.filter((p) => sameKind(o, p)).length === 1);
}

function existenceQuestion(scene: Scene, rng: Rng): Question {
  const present = new Set(scene.objects.map(kindKey));
  const absent = ALL_KINDS.filter((k) => !present.has(kindKey(k)));
  const askPresent = rng.chance(0.5);
  const kind = askPresent ? rng.pick(scene.objects) : rng.pick(absent);
  return { type: 'existence', text: existenceQuestionText(kind), answer: yesNo(askPresent) };
}

function colourQuestion(scene: Scene, rng: Rng): Question {
  const object = rng.pick(scene.objects);
  const shapeIsUnique = scene.objects.filter((o) => o.shape === object.shape).length === 1;
  const where = shapeIsUnique ? '' : ` ${CELL_PHRASES[object.cell]}`;
  return { type: 'colour', text: `What colour is the ${object.shape}${where}?`, answer: object.colour };
}

function countQuestion(scene: Scene, rng: Rng): Question {
  const variant = rng.int(3);
  if (variant === 0) {
    return { type: 'count', text: 'How many objects are there?', answer: String(scene.objects.length) };
  }
  if (variant === 1) {
    const colour = rng.pick(scene.objects).colour;
    const count = scene.objects.filter((o) => o.colour === colour).length;
    return { type: 'count', text: `How many ${colour} objects are there?`, answer: String(count) };
  }
  // Half the time a shape that may be absent, so "0" is a possible answer.
  const shape = rng.chance(0.5) ? rng.pick(scene.objects).shape : rng.pick(SHAPES);
  const count = scene.objects.filter((o) => o.shape === shape).length;
  return { type: 'count', text: `How many ${SHAPE_PLURALS[shape]} are there?`, answer: String(count) };
}

function positionQuestion(scene: Scene, rng: Rng): Question | null {
  const candidates = uniquelyNamed(scene);
  if (candidates.length === 0) return null;
  const object = rng.pick(candidates);
  return { type: 'position', text: `Where is the ${object.colour} ${object.shape}?`, answer: object.cell };
}

function relationQuestion(scene: Scene, rng: Rng): Question | null {
  const candidates = uniquelyNamed(scene);
  if (candidates.length < 2) return null;
  const [a, b] = rng.shuffle(candidates) as [SceneObject, SceneObject];
  const truths = RELATIONS.filter((r) => cellsRelate(a.cell, r, b.cell));
  const falsehoods = RELATIONS.filter((r) => !cellsRelate(a.cell, r, b.cell));
  const wantYes = rng.chance(0.5) && truths.length > 0;
  const relation = rng.pick(wantYes ? truths : falsehoods);
  return {
    type: 'relation',
    text: `Is the ${a.colour} ${a.shape} ${relation} the ${b.colour} ${b.shape}?`,
    answer: yesNo(wantYes),
  };
}

const GENERATORS: Record<QuestionType, (scene: Scene, rng: Rng) => Question | null> = {
  existence: existenceQuestion,
  colour: colourQuestion,
  count: countQuestion,
  position: positionQuestion,
  relation: relationQuestion,
};

export interface QuestionOptions {
  seed?: number;
  /** Which types to ask, in this order (default: all). */
  types?: readonly QuestionType[];
}

/**
 * One question per requested type, skipping types the scene cannot support (position needs an
 * object with a unique colour+shape, relation needs two). Deterministic in (scene id, seed).
 */
export function questionsForScene(scene: Scene, options: QuestionOptions = {}): Question[] {
  const { seed = 0, types = QUESTION_TYPES } = options;
  return types.flatMap((type) => {
    const question = GENERATORS[type](scene, rngFor('question', type, scene.id, seed));
    return question ? [question] : [];
  });
}
