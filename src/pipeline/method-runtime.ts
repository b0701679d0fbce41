import type { MethodRuntime } from '../methods/method-runtime';
import { findModel, sampleAnswers, type LoadedClip, type LoadedVlm } from '../runtime';
import { sentenceEndIds } from '../runtime/prompt-inputs';

/**
 * A loaded model as the methods see it: embedded models judge with the compact critic prompt they
 * were trained on; `clip` scores sentences against images for CSR.
 */
export function methodRuntimeOf(vlm: LoadedVlm, clip?: LoadedClip): MethodRuntime {
  let sentenceEnds: number[] | undefined;
  return {
    modelId: vlm.info.modelId,
    criticStyle: findModel(vlm.info.modelId)?.source === 'embedded' ? 'compact' : 'paper',
    sample: (request, options) => sampleAnswers(vlm, request, options),
    // Found by decoding the whole vocabulary: only when a method (CSR) asks.
    get sentenceEndIds() {
      return (sentenceEnds ??= sentenceEndIds(vlm));
    },
    clipSimilarities: clip && ((image, texts) => clip.similarities(image, texts)),
  };
}
