import type { LoadedVlm } from './load-model';
import { sampleAnswersMany } from './sample-answers';
import type { SamplingOptions } from './types';
import type { RgbaImage } from '../common/rgba-image';

export interface AnswerRequest {
  image: RgbaImage;
  prompt: string;
  maxNewTokens: number;
}

const GREEDY: Omit<SamplingOptions, 'maxNewTokens'> = { k: 1, seed: 0, temperature: 1, topP: 1, topK: 0, greedy: true };

/**
 * The greedy answer to each request, in order; requests whose inputs have the same shapes decode
 * together as batches (sampleAnswersMany), each row's tokens the ones it gets alone. Once
 * `isCancelled`, stops at the next token and returns the answers before the first it did not get.
 */
export async function greedyAnswers(
  vlm: LoadedVlm,
  requests: AnswerRequest[],
  isCancelled?: () => boolean,
): Promise<string[]> {
  const answers = await sampleAnswersMany(
    vlm,
    requests.map(({ image, prompt, maxNewTokens }) => ({
      request: { image, prompt },
      options: { ...GREEDY, maxNewTokens },
    })),
    { isCancelled, textOnly: true },
  );
  const missing = answers.findIndex((jobAnswers) => jobAnswers.length === 0);
  return (missing < 0 ? answers : answers.slice(0, missing)).map(([answer]) => answer!.text);
}

/** Answers (image, prompt) with the single most likely answer: what evaluation asks of a model. */
export function greedyAnswerer(vlm: LoadedVlm) {
  return {
    async answer(image: RgbaImage, prompt: string, maxNewTokens: number): Promise<string> {
      const [text] = await greedyAnswers(vlm, [{ image, prompt, maxNewTokens }]);
      return text ?? '';
    },
    answerAll: (requests: AnswerRequest[], isCancelled?: () => boolean) => greedyAnswers(vlm, requests, isCancelled),
  };
}
