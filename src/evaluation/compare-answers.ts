import { chairForAnswer } from '../metrics';
import type { Scene } from '../world';
import type { ComparedAnswer } from '../data/evals';
import type { Answerer } from './answerer';
import type { RgbaImage } from '../common/rgba-image';

/** The same image and prompt answered greedily by two models (base and adapted), judged alike. */
export async function compareAnswers(
  models: { base: Answerer; adapted: Answerer },
  image: RgbaImage,
  prompt: string,
  scene?: Scene,
  maxNewTokens = 96,
): Promise<{ base: ComparedAnswer; adapted: ComparedAnswer }> {
  const judged = async (answerer: Answerer): Promise<ComparedAnswer> => {
    const text = await answerer.answer(image, prompt, maxNewTokens);
    return { text, chair: scene ? chairForAnswer(text, scene) : undefined };
  };
  return { base: await judged(models.base), adapted: await judged(models.adapted) };
}
