import { database } from '../../data/database';
import type { AdapterRecord } from '../../data/records';
import { useModelStore } from '../../state/model-store';
import type { AdapterChoice } from '../../workers/runtime-api';
import { runtimeClient } from '../../workers/runtime-client';
import type { LoadedModelInfo } from '../../runtime/types';

let inFlight: Promise<LoadedModelInfo> | undefined;

export function adapterChoice(adapter: AdapterRecord): AdapterChoice {
  return { id: adapter.id, name: adapter.name, files: { config: adapter.config, weights: adapter.weights } };
}

/** Loads the model picked in the panel (with the user's overrides and adapter) in the runtime worker. */
export function loadSelectedModel(): Promise<LoadedModelInfo> {
  const store = useModelStore.getState();
  store.loading();
  const request = {
    modelId: store.selectedId.trim(),
    device: store.deviceOverride || undefined,
    dtype: store.dtypeOverride,
  };
  inFlight = (store.adapterId ? database.adapters.get(store.adapterId) : Promise.resolve(undefined))
    .then((adapter) =>
      runtimeClient().load(
        request,
        (progress) => useModelStore.getState().progress(progress),
        adapter && adapterChoice(adapter),
      ),
    )
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
  const { status, info, selectedId, adapterId } = useModelStore.getState();
  if (status === 'ready' && info && info.modelId === selectedId.trim() && (info.adapter?.id ?? '') === adapterId)
    return info;
  return inFlight ?? loadSelectedModel();
}
