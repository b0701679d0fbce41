/**
 * SeVa (arXiv 2404.10501): chosen = the greedy answer on the clean image, rejected = the greedy
 * answer on an augmented one (by default the paper's diffusion noise at step 500 on the normalised
 * pixels). Pairs whose two answers are the same are dropped and counted: exactly, as the released
 * code does, or after normalising case, punctuation and spaces.
 */
import { addDiffusionNoise, augmentImage, diffusionCoefficients } from '../../world';
import { itemSeed } from '../item-seed';
import {
  GREEDY,
  chunksOf,
  type MethodControl,
  type MethodItem,
  type MethodResult,
  type MethodRuntime,
  itemPair,
  keepPair,
} from '../method-runtime';
import type { PairEvidence } from '../../data/pairs/pair-records';
import type { SevaAugmentation } from '../../data/runs';

export interface SevaOptions {
  seed: number;
  augmentation: SevaAugmentation;
  /** The diffusion step (0–999). */
  t: number;
  maxNewTokens: number;
  /** Drop pairs that differ only in case, punctuation or spacing, not only exact copies. */
  normalisedCompare: boolean;
}

export const DEFAULT_SEVA_OPTIONS: SevaOptions = {
  seed: 1,
  augmentation: 'diffusion',
  t: 500,
  maxNewTokens: 96,
  normalisedCompare: false,
};

export interface SevaEvidence extends PairEvidence {
  method: 'seva';
  augmentation: SevaAugmentation;
  /** The step and its coefficients for diffusion: x_t = signal · x + noise · ε. */
  t?: number;
  signal?: number;
  noise?: number;
  /** The seed of the augmentation, so the augmented image can be made again. */
  seed: number;
  clean: string;
  augmented: string;
  /** Flip turns left into right in the image but not in the words. */
  flagged?: string;
}

const normalised = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/** The request for the augmented side: pixels changed before (crops, colours…) or after normalisation (diffusion). */
export function augmentedRequest(item: MethodItem, augmentation: SevaAugmentation, t: number, seed: number) {
  if (augmentation === 'diffusion')
    return {
      image: item.image,
      prompt: item.prompt,
      transformPixels: (values: Float32Array) => addDiffusionNoise(values, t, seed),
    };
  return { image: augmentImage(item.image, augmentation, seed), prompt: item.prompt };
}

export async function runSeva(
  runtime: MethodRuntime,
  items: MethodItem[],
  options: SevaOptions,
  control: MethodControl = {},
): Promise<MethodResult> {
  const counts = { items: 0, pairs: 0, identical: 0 };
  const result: MethodResult = { pairs: [], counts };
  const same = (a: string, b: string) => a === b || (options.normalisedCompare && normalised(a) === normalised(b));
  const greedy = { ...GREEDY, maxNewTokens: options.maxNewTokens };
  const coefficients =
    options.augmentation === 'diffusion' ? { t: options.t, ...diffusionCoefficients(options.t) } : {};
  for (const chunk of chunksOf(items, runtime.itemsPerCall)) {
    if (control.isCancelled?.()) break;
    const seeds = chunk.map((item) => itemSeed(options.seed, item.id));
    // Each item's clean and augmented answers, all of the chunk's decoded together.
    const answers = await runtime.sampleAll(
      chunk.flatMap((item, i) => [
        { request: { image: item.image, prompt: item.prompt }, options: greedy },
        { request: augmentedRequest(item, options.augmentation, options.t, seeds[i]!), options: greedy },
      ]),
    );
    for (const [i, item] of chunk.entries()) {
      counts.items++;
      const [clean] = answers[2 * i]!;
      const [augmented] = answers[2 * i + 1]!;
      if (same(clean!.text, augmented!.text)) counts.identical++;
      else {
        const evidence: SevaEvidence = {
          method: 'seva',
          augmentation: options.augmentation,
          ...coefficients,
          seed: seeds[i]!,
          clean: clean!.text,
          augmented: augmented!.text,
          ...(options.augmentation === 'flip'
            ? { flagged: 'A horizontal flip swaps left and right in the image but not in the answers.' }
            : {}),
        };
        const pair = itemPair(runtime, item, `${options.augmentation}-s${options.seed}`, {
          chosen: clean!.text,
          rejected: augmented!.text,
          evidence,
        });
        keepPair(pair, result, control);
      }
      control.onProgress?.(counts.items, items.length);
    }
  }
  return result;
}
