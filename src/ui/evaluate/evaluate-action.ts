import { database } from '../../data/database';
import { describeStorageError } from '../../data/storage-errors';
import { useEvaluateStore } from '../../state/evaluate-store';
import { runtimeClient } from '../../workers/runtime-client';
import { ensureModelLoaded } from '../model/load-action';

/** Runs the evaluation in the worker with live progress, then stores the report. */
export async function runEvaluation(): Promise<void> {
  const store = useEvaluateStore.getState();
  const { n, seed } = store;
  store.start();
  try {
    const info = await ensureModelLoaded();
    const report = await runtimeClient().evaluate({ n, seed }, (done, total) =>
      useEvaluateStore.getState().progress(done, total),
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
