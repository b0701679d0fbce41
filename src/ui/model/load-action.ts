import { database } from '../../data/database';
import type { AdapterRecord } from '../../data/records';
import { useModelStore } from '../../state/model-store';
import type { AdapterChoice } from '../../workers/runtime-api';
import { runtimeClient } from '../../workers/runtime-client';
import type { LoadedModelInfo } from '../../runtime/types';

let inFlight: Promise<LoadedModelInfo> | undefined;
let cancelled = false;

export function adapterChoice(adapter: AdapterRecord): AdapterChoice {
  return { id: adapter.id, name: adapter.name, files: { config: adapter.config, weights: adapter.weights } };
}

/** Loads the model picked in the panel (with the user's overrides and adapter) in the runtime worker. */
export function loadSelectedModel(): Promise<LoadedModelInfo> {
  const store = useModelStore.getState();
  // The worker keeps this model if the new one fails to load (not if the load is cancelled: that ends the worker).
  const before = store.status === 'ready' ? store.info : undefined;
  cancelled = false;
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
        useModelStore.getState().failed(error.message, cancelled ? undefined : before);
        throw error;
      },
    )
    .finally(() => (inFlight = undefined));
  return inFlight;
}

export function cancelLoading(): void {
  cancelled = true;
  runtimeClient().cancelLoad();
}

/**
 * The loaded model, loading the selected one first when none is ready; when the selected one just
 * failed to load and another stayed loaded, that one (no new try until the user presses Load).
 */
export async function ensureModelLoaded(): Promise<LoadedModelInfo> {
  const { status, info, selectedId, adapterId, failedSelection } = useModelStore.getState();
  const selected = `${selectedId.trim()}|${adapterId}`;
  if (status === 'ready' && info) {
    if (info.modelId === selectedId.trim() && (info.adapter?.id ?? '') === adapterId) return info;
    if (failedSelection === selected) return info;
  }
  return inFlight ?? loadSelectedModel();
}
