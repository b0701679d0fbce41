import type { MethodRuntime } from '../methods/method-runtime';
import { findModel, sampleAnswers, type LoadedVlm } from '../runtime';

/** A loaded model as the methods see it: embedded models judge with the compact critic prompt they were trained on. */
export function methodRuntimeOf(vlm: LoadedVlm): MethodRuntime {
  return {
    modelId: vlm.info.modelId,
    criticStyle: findModel(vlm.info.modelId)?.source === 'embedded' ? 'compact' : 'paper',
    sample: (request, options) => sampleAnswers(vlm, request, options),
  };
}
