/**
 * What every method needs: the model it asks (sampling through the runtime, in a worker or in Node),
 * the items it runs over, and how it reports. Each method is one entry point
 * (runtime, items, options, control) → pairs with their evidence, and counts of what it dropped.
 */
import type { SampledAnswer, SampleJob, SampleRequest, SamplingOptions } from '../runtime/types';
import type { Scene } from '../world';
import type { PairEvidence, PairImage, PairRecord } from '../data/pairs/pair-records';

export interface MethodRuntime {
  /** The model's id, recorded with every pair. */
  modelId: string;
  /** Embedded models were trained on the compact critic prompt; Hub models get the paper's full one. */
  criticStyle: 'compact' | 'paper';
  sample(request: SampleRequest, options: SamplingOptions): Promise<SampledAnswer[]>;
  /** The answers of many sampling calls, in order: what `sample` gives each, decoded in batches across calls. */
  sampleAll(jobs: SampleJob[]): Promise<SampledAnswer[][]>;
  /**
   * Items a method samples for in one `sampleAll`: enough rows to fill batches where images are
   * small (the embedded models), one where an image's tensors are large (a Hub model's crops).
   */
  itemsPerCall: number;
  /** Tokens that end a sentence (CSR grows answers sentence by sentence). */
  sentenceEndIds: number[];
  /** Cosine similarity of the image with each text, from a CLIP model (CSR's R_I). */
  clipSimilarities?: (image: SampleRequest['image'], texts: string[]) => Promise<number[]>;
}

/** An image with a prompt and, where known, a reference answer and the scene it was drawn from. */
export interface MethodItem {
  id: string;
  image: SampleRequest['image'];
  /** How pairs refer to the image. */
  imageRef: PairImage;
  prompt: string;
  reference?: string;
  scene?: Scene;
}

export interface MethodControl {
  /** Items done of the items asked for. */
  onProgress?: (done: number, total: number) => void;
  /** A step before the items (FiSAO's calibration): images done of its images. */
  onCalibration?: (done: number, total: number) => void;
  /** Checked between items: a cancelled run returns the pairs made so far. */
  isCancelled?: () => boolean;
  /** Each pair as soon as it is made, so an app can store it before the run ends. */
  onPair?: (pair: PairRecord) => void;
}

export interface MethodResult {
  pairs: PairRecord[];
  /** items, pairs, and one count per reason an item gave no pair. */
  counts: Record<string, number>;
}

/** `items` in consecutive chunks of `size`. */
export function chunksOf<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

/** Greedy decoding with the runtime's sampling options. */
export const GREEDY: Omit<SamplingOptions, 'maxNewTokens'> = {
  k: 1,
  seed: 0,
  temperature: 1,
  topP: 1,
  topK: 0,
  greedy: true,
};

/**
 * The pair record a method makes for one item: its id (`<method>-<item>-<variant>`), the model,
 * the item's prompt and image, and the method's chosen/rejected answers with their evidence.
 */
export function itemPair(
  runtime: Pick<MethodRuntime, 'modelId'>,
  item: MethodItem,
  variant: string,
  answers: Pick<PairRecord, 'chosen' | 'rejected' | 'chosenWeights' | 'rejectedWeights'> & { evidence: PairEvidence },
): PairRecord {
  const method = answers.evidence.method;
  return {
    id: `${method}-${item.id}-${variant}`,
    method,
    model: runtime.modelId,
    item: item.id,
    prompt: item.prompt,
    image: item.imageRef,
    ...answers,
  };
}

/** Keeps a finished pair: in the result, in the counts, and with the caller as it is made. */
export function keepPair(pair: PairRecord, result: MethodResult, control: MethodControl): void {
  result.pairs.push(pair);
  result.counts.pairs = (result.counts.pairs ?? 0) + 1;
  control.onPair?.(pair);
}
