import { database } from '../../data/database';
import type { AdapterRecord, StoredPair, TrainingRunRecord } from '../../data/records';
import { describeStorageError } from '../../data/storage-errors';
import { savePairs } from '../../data/pairs/pair-store';
import { parsePairsJsonl, type PairRecord } from '../../data/pairs/pair-records';
import { useModelStore } from '../../state/model-store';
import { useTrainStore, type TrainingDevicePick } from '../../state/train-store';
import type { TrainingDeviceChoice, TrainingEvent } from '../../workers/training-api';
import { TRAINING_FALLBACK_NOTE, trainingClient } from '../../workers/training-client';
import { adapterName } from './adapter-name';
import { choosePairs } from './chosen-pairs';
import { galleryPixelsOf } from './gallery-pixels';
import type { RgbaImage } from '../../common/rgba-image';

/** Adds the pairs of a JSONL file (same id: replaced; same content: skipped); a bad file adds nothing and says why. */
export async function importPairs(file: File): Promise<string> {
  const { added, replaced, duplicates } = await savePairs(parsePairsJsonl(await file.text()), { replaceSameId: true });
  const notes = [replaced && `${replaced} replaced`, duplicates && `${duplicates} already stored`].filter(Boolean);
  return `Imported ${added + replaced} pairs from ${file.name}${notes.length ? ` (${notes.join(', ')})` : ''}.`;
}

/**
 * Starts a run on the chosen pairs (method and review statuses) with the form's settings, on the
 * model picked in the Model panel; the worker applies each pair's decision (swap, edits).
 */
export async function startTraining(): Promise<void> {
  const { settings, checkpointEvery, methodFilter, statusFilter } = useTrainStore.getState();
  const chosen = choosePairs(await database.pairs.toArray(), { method: methodFilter, statuses: statusFilter });
  if (!chosen.pairs) {
    useTrainStore.getState().setError(chosen.problem);
    return;
  }
  const pairs = chosen.pairs;
  const images = await pixelsOrError(pairs);
  if (!images) return;
  const now = Date.now();
  const run: TrainingRunRecord = {
    id: crypto.randomUUID(),
    modelId: useModelStore.getState().selectedId,
    settings,
    pairIds: pairs.map((p) => p.id),
    checkpointEvery,
    status: 'running',
    logs: [],
    createdAt: now,
    updatedAt: now,
  };
  try {
    await database.trainingRuns.add(run);
  } catch (error) {
    useTrainStore.getState().setError(describeStorageError(error, 'the training run'));
    return;
  }
  await runTraining(run, pairs, images);
}

/** The pairs' gallery images decoded, or undefined after saying which one is missing. */
async function pixelsOrError(pairs: readonly PairRecord[]): Promise<Record<string, RgbaImage> | undefined> {
  try {
    return await galleryPixelsOf(pairs);
  } catch (error) {
    useTrainStore.getState().setError((error as Error).message);
    return undefined;
  }
}

/**
 * Continues a paused, failed or interrupted run from its last checkpoint, on the same pairs (each
 * step's pair order depends on their number). A pair whose review changed since the run started
 * trains with its new decision from here on, and stays in the run even if its new status was not chosen.
 */
export async function resumeTraining(runId: string): Promise<void> {
  const run = await database.trainingRuns.get(runId);
  if (!run) return;
  const pairs = (await database.pairs.bulkGet(run.pairIds)).filter((p): p is StoredPair => p !== undefined);
  if (pairs.length < run.pairIds.length) {
    useTrainStore
      .getState()
      .setError(`${run.pairIds.length - pairs.length} of this run's pairs were deleted, so it cannot resume.`);
    return;
  }
  const images = await pixelsOrError(pairs);
  if (!images) return;
  await database.trainingRuns.update(run.id, { status: 'running', error: undefined, updatedAt: Date.now() });
  await runTraining(run, pairs, images);
}

let resumingInterrupted: Promise<void> | undefined;

/** Runs that were training when the page went away: resumed from their last checkpoint (once per page). */
export function resumeInterruptedRuns(): Promise<void> {
  resumingInterrupted ??= database.trainingRuns
    .where('status')
    .equals('running')
    .first()
    .then((interrupted) =>
      interrupted && !useTrainStore.getState().live ? resumeTraining(interrupted.id) : undefined,
    );
  return resumingInterrupted;
}

async function saveAdapter(
  run: TrainingRunRecord,
  pairs: readonly PairRecord[],
  files: { config: string; weights: Uint8Array },
): Promise<string> {
  const adapter: AdapterRecord = {
    id: crypto.randomUUID(),
    name: adapterName({
      methods: pairs.map((pair) => pair.method),
      pairs: pairs.length,
      steps: run.settings.totalSteps,
      loss: run.settings.loss,
      createdAt: run.createdAt,
    }),
    modelId: run.modelId,
    runId: run.id,
    config: files.config,
    weights: files.weights,
    steps: run.settings.totalSteps,
    createdAt: Date.now(),
  };
  await database.adapters.add(adapter);
  return adapter.id;
}

/** Where this run trains: as forced, else the page's probe; after a WebGPU failure in this run, wasm. */
async function deviceFor(pick: TrainingDevicePick, fallback: string | undefined): Promise<TrainingDeviceChoice> {
  if (fallback) return { device: 'wasm', reason: fallback };
  if (pick === 'auto') return trainingClient().device();
  return {
    device: pick,
    reason: `Training runs on ${pick === 'webgpu' ? 'WebGPU' : 'WebAssembly (CPU)'}, as you chose.`,
  };
}

/** π_ref the worker computed, written into the pairs in hand too, so a rerun (on wasm after WebGPU failed) reuses it. */
function keepReferences(pairs: PairRecord[], references: Extract<TrainingEvent, { type: 'references' }>['references']) {
  const byId = new Map(references.map((r) => [r.id, r.reference]));
  for (const pair of pairs) pair.reference = byId.get(pair.id) ?? pair.reference;
}

async function runTraining(
  run: TrainingRunRecord,
  pairs: PairRecord[],
  images: Record<string, RgbaImage>,
  fallback?: string,
): Promise<void> {
  const store = useTrainStore.getState();
  const firstStep = run.checkpoint?.step ?? 0;
  const kept = run.logs.slice(0, firstStep); // steps after the checkpoint are redone
  store.startLive({ runId: run.id, firstStep, logs: kept, note: fallback });
  // Decided once per page: a short probe before the first run, the same answer after (or as forced).
  const choice = await deviceFor(useTrainStore.getState().device, fallback);
  if (!fallback) useTrainStore.getState().updateLive({ note: choice.reason });
  const onEvent = (event: TrainingEvent) => {
    const live = useTrainStore.getState();
    if (event.type === 'phase') live.updateLive({ phase: event.phase, phaseDone: event.done, phaseTotal: event.total });
    else if (event.type === 'step') live.pushLog(event.log, event.device, event.memoryMiB);
    else if (event.type === 'checkpoint') {
      const logs = useTrainStore.getState().live?.logs.slice(0, event.checkpoint.step) ?? [];
      void database.trainingRuns.update(run.id, {
        checkpoint: event.checkpoint,
        logs,
        device: useTrainStore.getState().live?.device,
        updatedAt: Date.now(),
      });
    } else if (event.type === 'references') {
      keepReferences(pairs, event.references);
      void database.transaction('rw', database.pairs, async () => {
        for (const { id, reference } of event.references) await database.pairs.update(id, { reference });
      });
    }
  };
  const outcome = await trainingClient().train(
    {
      modelId: run.modelId,
      settings: run.settings,
      pairs,
      images,
      checkpoint: run.checkpoint,
      checkpointEvery: run.checkpointEvery,
      device: choice.device,
    },
    onEvent,
  );
  if (outcome.status === 'failed' && outcome.device === 'webgpu' && !outcome.diverged) {
    // A lost or failing GPU: this run continues on wasm from its last checkpoint, with the
    // reference log-probs already computed, and the page trains on wasm from now on.
    console.warn('WebGPU failed during training:', outcome.error);
    trainingClient().useWasm(TRAINING_FALLBACK_NOTE);
    const saved = await database.trainingRuns.get(run.id);
    return runTraining(saved ?? run, pairs, images, TRAINING_FALLBACK_NOTE);
  }
  const logs = useTrainStore.getState().live?.logs ?? kept;
  const device = useTrainStore.getState().live?.device ?? choice.device;
  try {
    if (outcome.status === 'complete') {
      const adapterId = await saveAdapter(run, pairs, outcome.adapter);
      await database.trainingRuns.update(run.id, {
        status: 'complete',
        checkpoint: outcome.checkpoint,
        logs,
        device,
        adapterId,
        updatedAt: Date.now(),
      });
    } else if (outcome.status === 'paused') {
      await database.trainingRuns.update(run.id, {
        status: 'paused',
        checkpoint: outcome.checkpoint,
        logs,
        device,
        updatedAt: Date.now(),
      });
    } else if (outcome.status === 'cancelled') {
      await database.trainingRuns.update(run.id, { status: 'cancelled', logs, updatedAt: Date.now() });
    } else {
      await database.trainingRuns.update(run.id, { status: 'failed', error: outcome.error, updatedAt: Date.now() });
    }
    useTrainStore.getState().endLive(outcome.status === 'failed' ? outcome.error : undefined);
  } catch (error) {
    useTrainStore.getState().endLive(describeStorageError(error, 'the training run'));
  }
}

export function pauseTraining(): void {
  useTrainStore.getState().updateLive({ stopping: 'pause' });
  trainingClient().pause();
}

export function cancelTraining(): void {
  useTrainStore.getState().updateLive({ stopping: 'cancel' });
  trainingClient().cancel();
}
