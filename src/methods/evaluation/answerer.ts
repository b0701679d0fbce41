/** An image as the methods see it: 8-bit RGBA pixels. */
export interface PixelImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/** The one thing evaluation needs from a model: a greedy answer to (image, prompt). */
export interface Answerer {
  answer(image: PixelImage, prompt: string, maxNewTokens: number): Promise<string>;
}
