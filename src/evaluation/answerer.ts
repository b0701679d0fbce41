import type { RgbaImage } from '../common/rgba-image';

/** The one thing evaluation needs from a model: a greedy answer to (image, prompt). */
export interface Answerer {
  answer(image: RgbaImage, prompt: string, maxNewTokens: number): Promise<string>;
}
