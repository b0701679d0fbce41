import { useModelStore } from '../../state/model-store';
import { runtimeClient } from '../../workers/runtime-client';
import type { LoadedModelInfo } from '../../runtime/types';

let inFlight: Promise<LoadedModelInfo> | undefined;

/** Loads the model picked in the panel (with the user's overrides) in the runtime worker. */
export function loadSelectedModel(): Promise<LoadedModelInfo> {
  const store = useModelStore.getState();
  store.loading();
  const request = {
    modelId: store.selectedId.trim(),
    device: store.deviceOverride || undefined,
    dtype: store.dtypeOverride,
  };
  inFlight = runtimeClient()
    .load(request, (progress) => useModelStore.getState().progress(progress))
    .then(
      (info) => {
        useModelStore.getState().ready(info);
        return info;
      },
      (error: Error) => {
        useModelStore.getState().failed(error.message);
        throw error;
      },
    )
    .finally(() => (inFlight = undefined));
  return inFlight;
}

export function cancelLoading(): void {
  runtimeClient().cancelLoad();
}

/** The loaded model, loading the selected one first when none is ready. */
export async function ensureModelLoaded(): Promise<LoadedModelInfo> {
  const { status, info, selectedId } = useModelStore.getState();
  if (status === 'ready' && info && info.modelId === selectedId.trim()) return info;
  return inFlight ?? loadSelectedModel();
}
