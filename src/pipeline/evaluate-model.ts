/**
 * The evaluation of a model, with a PEFT adapter applied when given, the same in `selfalign eval`
 * and `round`: greedy answers on the debiased test scenes, scored with CHAIR, POPE, QA and the critic.
 */
import { adapterRef, dtypeName, type EvalReport, type EvalSummary } from '../data/evals';
import type { PeftAdapterFiles } from '../engine/lora/peft-files';
import { evaluateModel } from '../evaluation';
import type { ChairMode } from '../metrics';
import { detectCapabilities, embeddedWeightsHash, greedyAnswerer, planLoad } from '../runtime';
import type { Device, DtypeChoice, LoadedModelInfo, LoadRequest } from '../runtime/types';
import { loadVlmWithAdapter } from './training/load-with-adapter';

export interface EvaluateOptions {
  modelId: string;
  dtype?: Partial<DtypeChoice>;
  /** The device to load on (the runtime chooses when absent). */
  device?: Device;
  adapter?: PeftAdapterFiles;
  /** How the summary names the adapter (the CLI: its folder). */
  adapterName?: string;
  n: number;
  seed: number;
  chairMode?: ChairMode;
  /** Once the model is loaded, before the first answer. */
  onLoaded?: (info: LoadedModelInfo) => void;
  onProgress?: (done: number, total: number) => void;
  /** Checked between items: a cancelled evaluation throws EvaluationCancelled. */
  isCancelled?: () => boolean;
}

/** What tells two base-model evaluations on the same scenes apart: the dtype and device it loads with, and the weights. */
export interface EvaluationIdentity {
  dtype: string;
  device: string;
  /** null for Hub models, whose files are not hashed. */
  modelSha256: string | null;
}

/** The identity an evaluation of `request`'s model would have here, without loading it. */
export async function evaluationIdentity(request: LoadRequest): Promise<EvaluationIdentity> {
  const { device, dtype } = planLoad(request, await detectCapabilities());
  return { dtype: dtypeName(dtype), device, modelSha256: await embeddedWeightsHash(request.modelId) };
}

export async function evaluateAdapted(options: EvaluateOptions): Promise<EvalSummary> {
  return (await evaluateAdaptedReport(options)).summary;
}

/** evaluateAdapted with every item's answers and scores (what the app stores and shows). */
export async function evaluateAdaptedReport(options: EvaluateOptions): Promise<EvalReport> {
  const vlm = await loadVlmWithAdapter(
    { modelId: options.modelId, dtype: options.dtype, device: options.device },
    await detectCapabilities(),
    options.adapter,
  );
  try {
    options.onLoaded?.(vlm.info);
    return await evaluateModel(greedyAnswerer(vlm), {
      model: options.modelId,
      adapter: options.adapter ? await adapterRef(options.adapterName ?? 'adapter', options.adapter) : null,
      dtype: dtypeName(vlm.info.dtype),
      device: vlm.info.device,
      modelSha256: await embeddedWeightsHash(options.modelId),
      n: options.n,
      seed: options.seed,
      chairMode: options.chairMode,
      onProgress: options.onProgress,
      isCancelled: options.isCancelled,
    });
  } finally {
    await vlm.model.dispose();
    vlm.decoder?.dispose();
  }
}
