import type { MethodRuntime } from '../methods/method-runtime';
import { findModel, sampleAnswers, type LoadedClip, type LoadedVlm } from '../runtime';
import { sentenceEndIds } from '../runtime/prompt-inputs';

/**
 * A loaded model as the methods see it: embedded models judge with the compact critic prompt they
 * were trained on; `clip` scores sentences against images for CSR.
 */
export function methodRuntimeOf(vlm: LoadedVlm, clip?: LoadedClip): MethodRuntime {
  return {
    modelId: vlm.info.modelId,
    criticStyle: findModel(vlm.info.modelId)?.source === 'embedded' ? 'compact' : 'paper',
    sample: (request, options) => sampleAnswers(vlm, request, options),
    sentenceEndIds: sentenceEndIds(vlm),
    clipSimilarities: clip && ((image, texts) => clip.similarities(image, texts)),
  };
}
