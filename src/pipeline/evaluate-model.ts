/**
 * The evaluation of a model, with a PEFT adapter applied when given, the same in `selfalign eval`
 * and `round`: greedy answers on the debiased test scenes, scored with CHAIR, POPE, QA and the critic.
 */
import { adapterRef, dtypeName, type EvalSummary } from '../data/evals';
import type { PeftAdapterFiles } from '../engine/lora/peft-files';
import { evaluateModel } from '../evaluation';
import type { ChairMode } from '../metrics';
import { detectCapabilities, greedyAnswerer } from '../runtime';
import type { DtypeChoice, LoadedModelInfo } from '../runtime/types';
import { loadVlmWithAdapter } from './training/load-with-adapter';

export interface EvaluateOptions {
  modelId: string;
  dtype?: Partial<DtypeChoice>;
  adapter?: PeftAdapterFiles;
  /** How the summary names the adapter (the CLI: its folder). */
  adapterName?: string;
  n: number;
  seed: number;
  chairMode?: ChairMode;
  /** Once the model is loaded, before the first answer. */
  onLoaded?: (info: LoadedModelInfo) => void;
  onProgress?: (done: number, total: number) => void;
}

export async function evaluateAdapted(options: EvaluateOptions): Promise<EvalSummary> {
  const vlm = await loadVlmWithAdapter(
    { modelId: options.modelId, dtype: options.dtype },
    await detectCapabilities(),
    options.adapter,
  );
  try {
    options.onLoaded?.(vlm.info);
    const { summary } = await evaluateModel(greedyAnswerer(vlm), {
      model: options.modelId,
      adapter: options.adapter ? await adapterRef(options.adapterName ?? 'adapter', options.adapter) : null,
      dtype: dtypeName(vlm.info.dtype),
      device: vlm.info.device,
      n: options.n,
      seed: options.seed,
      chairMode: options.chairMode,
      onProgress: options.onProgress,
    });
    return summary;
  } finally {
    await vlm.model.dispose();
    vlm.decoder?.dispose();
  }
}
