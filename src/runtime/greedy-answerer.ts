import type { LoadedVlm } from './load-model';
import { sampleAnswers } from './sample-answers';
import type { RgbaImage } from '../common/rgba-image';

/** Answers (image, prompt) with the single most likely answer: what evaluation asks of a model. */
export function greedyAnswerer(vlm: LoadedVlm) {
  return {
    async answer(image: RgbaImage, prompt: string, maxNewTokens: number): Promise<string> {
      const [answer] = await sampleAnswers(
        vlm,
        { image, prompt },
        {
          k: 1,
          seed: 0,
          temperature: 1,
          topP: 1,
          topK: 0,
          maxNewTokens,
          greedy: true,
        },
      );
      return answer.text;
    },
  };
}
