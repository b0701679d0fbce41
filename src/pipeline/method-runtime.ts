import type { MethodRuntime } from '../methods/method-runtime';
import { findModel, sampleAnswers, sampleAnswersMany, type LoadedClip, type LoadedVlm } from '../runtime';
import { sentenceEndIds } from '../runtime/prompt-inputs';

/** An embedded model's 96-pixel scenes are small enough for 16 items' prompts to be held and decoded together. */
const EMBEDDED_ITEMS_PER_CALL = 16;

/**
 * A loaded model as the methods see it: embedded models judge with the compact critic prompt they
 * were trained on; `clip` scores sentences against images for CSR.
 */
export function methodRuntimeOf(vlm: LoadedVlm, clip?: LoadedClip): MethodRuntime {
  let sentenceEnds: number[] | undefined;
  const embedded = findModel(vlm.info.modelId)?.source === 'embedded';
  return {
    modelId: vlm.info.modelId,
    criticStyle: embedded ? 'compact' : 'paper',
    sample: (request, options) => sampleAnswers(vlm, request, options),
    sampleAll: (jobs) => sampleAnswersMany(vlm, jobs),
    itemsPerCall: embedded ? EMBEDDED_ITEMS_PER_CALL : 1,
    // Found by decoding the whole vocabulary: only when a method (CSR) asks.
    get sentenceEndIds() {
      return (sentenceEnds ??= sentenceEndIds(vlm));
    },
    clipSimilarities: clip && ((image, texts) => clip.similarities(image, texts)),
  };
}
