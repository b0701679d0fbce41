// Yes/no answers that look before they decide. A decoder trained from scratch does not learn to
// compare a question with the image when the answer is one token (README, "Why yes/no stays at
// chance"): it learns it once the answer first names what it sees, so the decision compares two
// runs of its own tokens. POPE and the QA metrics read the yes/no at the end of the first sentence.
import type { Question, Scene } from '../types';
import { CELL_PHRASES, withArticle } from './describe';

/** "a red circle, a blue star and a green square": every object of the scene, in its order. */
export function seenObjects(scene: Scene): string {
  const named = scene.objects.map((o) => withArticle(`${o.colour} ${o.shape}`));
  return named.length > 1 ? `${named.slice(0, -1).join(', ')} and ${named.at(-1)}` : (named[0] ?? 'nothing');
}

const RELATION_TEXT = /^Is the (\w+) (\w+) .+ the (\w+) (\w+)\?$/;

/** Where the relation question's two objects are: "The red star is at the top left and the blue circle is in the center". */
function relationLook(question: Question, scene: Scene): string | undefined {
  const match = RELATION_TEXT.exec(question.text);
  if (!match) return undefined;
  const [, colourA, shapeA, colourB, shapeB] = match;
  const find = (colour?: string, shape?: string) => scene.objects.find((o) => o.colour === colour && o.shape === shape);
  const a = find(colourA, shapeA);
  const b = find(colourB, shapeB);
  if (!a || !b) return undefined;
  return `The ${colourA} ${shapeA} is ${CELL_PHRASES[a.cell]} and the ${colourB} ${shapeB} is ${CELL_PHRASES[b.cell]}`;
}

/**
 * The answer a model is trained to give: existence "I see a red circle and a blue star, so no.",
 * relation "The red star is at the top left and the blue circle is in the center, so yes.", every
 * other question its answer as it is.
 */
export function lookFirstAnswer(question: Question, scene: Scene): string {
  if (question.type === 'existence') return `I see ${seenObjects(scene)}, so ${question.answer}.`;
  if (question.type === 'relation') {
    const look = relationLook(question, scene);
    if (look) return `${look}, so ${question.answer}.`;
  }
  return question.answer;
}
