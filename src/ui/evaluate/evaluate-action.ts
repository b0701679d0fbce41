import { database } from '../../data/database';
import { describeStorageError } from '../../data/storage-errors';
import { useEvaluateStore } from '../../state/evaluate-store';
import { runtimeClient } from '../../workers/runtime-client';
import { adapterChoice, ensureModelLoaded } from '../model/load-action';

/**
 * Runs the evaluation in the worker with live progress, on the picked adapter (or the base model,
 * whatever the loaded model has on), then stores the report: its summary names model, adapter
 * (name and content hash), dtype and device.
 */
export async function runEvaluation(): Promise<void> {
  const store = useEvaluateStore.getState();
  const { n, seed, adapterId } = store;
  store.start();
  try {
    const info = await ensureModelLoaded();
    // A picked adapter that was deleted since reads as the base model, as the picker shows it.
    const adapter = adapterId ? await database.adapters.get(adapterId) : undefined;
    if (adapterId && !adapter) useEvaluateStore.getState().setParams({ adapterId: '' });
    const report = await runtimeClient().evaluate(
      { n, seed },
      (done, total) => useEvaluateStore.getState().progress(done, total),
      adapter ? adapterChoice(adapter) : null,
    );
    const id = crypto.randomUUID();
    try {
      await database.evaluations.add({ ...report, id, device: info.device, createdAt: Date.now() });
      useEvaluateStore.getState().finish(id);
    } catch (error) {
      useEvaluateStore.getState().finish(undefined, describeStorageError(error, 'this evaluation'));
    }
  } catch (error) {
    useEvaluateStore.getState().finish(undefined, (error as Error).message);
  }
}

export function cancelEvaluation(): void {
  void runtimeClient().cancelEvaluation();
}
