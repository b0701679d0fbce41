import { AutoModelForVision2Seq, AutoProcessor, type PreTrainedModel, type Processor } from '@huggingface/transformers';
import { findModel } from './catalog';
import { chooseDevice, chooseDtypes, type DeviceCapabilities } from './device-choice';
import { describeLoadError } from './load-errors';
import type { ExternalDecoder } from './external-decoder';
import { withPatchedFiles, type FilePatch } from './patched-files';
import { prepareEnvironmentFor } from './transformers-env';
import type { FileProgress, LoadedModelInfo, LoadRequest } from './types';

export interface LoadedVlm {
  info: LoadedModelInfo;
  model: PreTrainedModel;
  processor: Processor;
  /** Set when the text decoder runs outside onnxruntime: sampling and scoring then go through it. */
  decoder?: ExternalDecoder;
}

export class ModelLoadError extends Error {}

/** The model's catalog entry and the device and dtypes `loadVlm` would load it with; errors are one sentence. */
export function planLoad(request: LoadRequest, caps: DeviceCapabilities) {
  const entry = findModel(request.modelId);
  if (!entry)
    throw new ModelLoadError(
      `"${request.modelId}" is not a model id: use an embedded model or a Hub id like owner/name.`,
    );
  try {
    const { device, reason } = chooseDevice(caps, request.device);
    return {
      entry,
      device,
      reason,
      dtype: chooseDtypes(device, caps, entry.dtypes, request.dtype, entry.source === 'embedded'),
    };
  } catch (error) {
    throw new ModelLoadError((error as Error).message);
  }
}

/** Loads a catalog or Hub model through transformers.js, reporting bytes per file. Errors are one sentence. */
export async function loadVlm(
  request: LoadRequest,
  caps: DeviceCapabilities,
  onProgress: (progress: FileProgress) => void = () => {},
  patch?: FilePatch,
): Promise<LoadedVlm> {
  const started = performance.now();
  const { entry, device, reason, dtype } = planLoad(request, caps);
  prepareEnvironmentFor(entry);
  const progress_callback = (event: { status: string; file?: string; loaded?: number; total?: number }) => {
    if (event.status === 'progress' && event.file) {
      onProgress({ file: event.file, loaded: event.loaded ?? 0, total: event.total ?? 0 });
    }
  };
  try {
    const processor = await AutoProcessor.from_pretrained(entry.id, { progress_callback });
    const model = await withPatchedFiles(patch, () =>
      AutoModelForVision2Seq.from_pretrained(entry.id, { device, dtype, progress_callback }),
    );
    return {
      info: { modelId: entry.id, device, dtype, reason, loadMs: performance.now() - started },
      model,
      processor,
    };
  } catch (error) {
    throw new ModelLoadError(describeLoadError(error, entry.id, entry.source));
  }
}
