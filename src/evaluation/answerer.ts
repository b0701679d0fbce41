import type { RgbaImage } from '../common/rgba-image';
import type { AnswerRequest } from '../runtime/greedy-answerer';

export type { AnswerRequest };

/** The one thing evaluation needs from a model: a greedy answer to (image, prompt). */
export interface Answerer {
  answer(image: RgbaImage, prompt: string, maxNewTokens: number): Promise<string>;
  /** Many answers at once (a runtime may decode them as batches); stops early once `isCancelled`. */
  answerAll?(requests: AnswerRequest[], isCancelled?: () => boolean): Promise<string[]>;
}
