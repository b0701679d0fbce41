/**
 * CHAIR and POPE on the user's own images, with ground truth from COCO instance annotations (the
 * COCO-80 objects in each image): a greedy description per image for CHAIR, and POPE's yes/no
 * questions in its three settings, drawn from the evaluated images' objects.
 */
import { cocoChair, cocoPopeQuestions, normalizeCocoObjects, scorePope } from '../metrics';
import type { Answerer } from './answerer';
import { EvaluationCancelled, popeFigures } from './evaluate-model';
import type { RgbaImage } from '../common/rgba-image';
import type { CocoEvalImage, CocoEvalReport } from '../data/evals';

export const COCO_DESCRIBE_PROMPT = 'Describe this image in detail.';
const SETTINGS = ['random', 'popular', 'adversarial'] as const;

export async function evaluateCoco(
  answerer: Answerer,
  images: readonly CocoEvalImage[],
  options: {
    model: string;
    seed: number;
    onProgress?: (done: number, total: number) => void;
    isCancelled?: () => boolean;
  },
): Promise<CocoEvalReport> {
  const truth = images.map(({ id, objects }) => ({ id, objects: normalizeCocoObjects(objects) }));
  const questions = SETTINGS.map((setting) => cocoPopeQuestions(truth, setting, options.seed));
  const total = images.length + questions.reduce((sum, set) => sum + set.length, 0);
  let done = 0;
  const ask = async (image: RgbaImage, prompt: string, maxNewTokens: number) => {
    if (options.isCancelled?.()) throw new EvaluationCancelled();
    const answer = await answerer.answer(image, prompt, maxNewTokens);
    options.onProgress?.(++done, total);
    return answer;
  };
  const descriptions: string[] = [];
  for (const { image } of images) descriptions.push(await ask(image, COCO_DESCRIBE_PROMPT, 128));
  const byId = new Map(images.map((image) => [image.id, image.image]));
  const pope = {} as CocoEvalReport['pope'];
  for (const [k, setting] of SETTINGS.entries()) {
    const answers = [];
    for (const question of questions[k]!)
      answers.push({ answer: question.label, response: await ask(byId.get(question.imageId)!, question.question, 8) });
    pope[setting] = popeFigures(scorePope(answers));
  }
  const chair = cocoChair(truth.map(({ id, objects }, i) => ({ id, text: descriptions[i]!, objects })));
  return {
    model: options.model,
    n: images.length,
    seed: options.seed,
    chair: { i: chair.chairI, s: chair.chairS },
    pope,
    items: chair.details.map((detail, i) => ({ ...detail, description: descriptions[i]! })),
  };
}
