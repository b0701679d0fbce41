import { database } from '../../data/database';
import { roundItemsOf, type RoundRunRecord } from '../../data/round-records';
import { nextStage, stageUnits } from '../../data/round-stages';
import { describeStorageError } from '../../data/storage-errors';
import { useModelStore } from '../../state/model-store';
import { useRoundStore } from '../../state/round-store';
import { RoundCancelled, roundClient, roundTrainingSettings } from '../../workers/round-client';
import { EMPTY_GALLERY, galleryItemCount } from '../images/gallery-method-items';
import { patchRun, patchStep } from './round-store-io';
import { runStage } from './round-stage';

/** Drives a stored run stage by stage (pairs → train → evaluate per round) until done, cancelled or failed. */
async function driveRound(runId: string, resumed: boolean): Promise<void> {
  try {
    for (;;) {
      const run = await database.roundRuns.get(runId);
      if (!run) break;
      const stage = nextStage(run);
      if (!stage) {
        await patchRun(runId, { status: 'complete' });
        break;
      }
      if (stage.kind === 'review') {
        // Waits for the annotator: not resumed by a reload, continued by Continue.
        await patchRun(runId, { status: 'review' });
        break;
      }
      const firstUnit = stage.kind === 'train' ? (run.steps[stage.round - 1]?.checkpoint?.step ?? 0) : 0;
      const note = resumed
        ? firstUnit > 0
          ? `resumed after a reload, from the checkpoint at step ${firstUnit}`
          : 'resumed after a reload'
        : undefined;
      useRoundStore.getState().startStage(runId, stage, stageUnits(run, stage.kind), firstUnit, note);
      await runStage(run, stage);
      useRoundStore.getState().endStage();
      resumed = false;
    }
    useRoundStore.getState().endLive();
  } catch (error) {
    const cancelled = error instanceof RoundCancelled;
    const message = (error as Error).message;
    await patchRun(runId, cancelled ? { status: 'cancelled' } : { status: 'failed', error: message }).catch(() => {});
    useRoundStore.getState().endLive(cancelled ? undefined : message);
  } finally {
    roundClient().close();
  }
}

/**
 * Drives `runId`, then each run queued after it (the other methods started with it) as the one
 * before completes; a run that stops (cancelled, failed, waiting for review) leaves the rest queued.
 */
async function driveQueue(runId: string, resumed: boolean): Promise<void> {
  for (let id: string | undefined = runId; id; resumed = false) {
    await driveRound(id, resumed);
    const run: RoundRunRecord | undefined = await database.roundRuns.get(id);
    const next: RoundRunRecord | undefined =
      run?.status === 'complete' && run.queue ? await nextQueued(run.queue) : undefined;
    if (next) {
      await patchRun(next.id, { status: 'running' });
      useRoundStore.getState().selectRun(next.id);
    }
    id = next?.id;
  }
}

const nextQueued = async (queue: string) =>
  (await database.roundRuns.where('status').equals('queued').sortBy('createdAt')).find((r) => r.queue === queue);

/** Starts a round run with the form's settings on the model picked in the Model panel, and one queued after it per further method. */
export async function startRound(): Promise<void> {
  if (useRoundStore.getState().live) return;
  const { form } = useRoundStore.getState();
  const { selectedId, deviceOverride, dtypeOverride } = useModelStore.getState();
  const items = roundItemsOf(form);
  let n = form.n;
  if (items === 'gallery') {
    // The gallery's items when the run starts: each round runs on the gallery's items then.
    try {
      n = await galleryItemCount();
    } catch (error) {
      useRoundStore.getState().setError((error as Error).message);
      return;
    }
    if (n === 0) {
      useRoundStore.getState().setError(EMPTY_GALLERY);
      return;
    }
  }
  const methods = [form.method.method, ...(form.alsoMethods ?? []).filter((m) => m !== form.method.method)];
  const queue = crypto.randomUUID();
  const now = Date.now();
  const runs: RoundRunRecord[] = methods.map((name, i) => {
    const method = { ...form.method, method: name };
    return {
      id: crypto.randomUUID(),
      modelId: selectedId.trim(),
      load: { ...(deviceOverride ? { device: deviceOverride } : {}), dtype: dtypeOverride },
      method,
      items,
      n,
      review: form.review,
      training: roundTrainingSettings(method, form.steps, {
        batchSize: form.batchSize,
        peakLr: form.peakLr,
        beta: form.beta,
        sftWeight: form.sftWeight,
        warmupSteps: form.warmupSteps,
      }),
      checkpointEvery: form.checkpointEvery,
      evalN: form.evalN,
      rounds: form.rounds,
      status: i === 0 ? 'running' : 'queued',
      ...(methods.length > 1 ? { queue } : {}),
      steps: [],
      // Creation order is the queue's order.
      createdAt: now + i,
      updatedAt: now,
    };
  });
  try {
    await database.roundRuns.bulkAdd(runs);
  } catch (error) {
    useRoundStore.getState().setError(describeStorageError(error, 'the round'));
    return;
  }
  useRoundStore.getState().selectRun(runs[0]!.id);
  await driveQueue(runs[0]!.id, false);
}

/** Ends the stage in progress; what the stages stored stays. */
export function cancelRound(): void {
  roundClient().cancel();
}

let resuming: Promise<void> | undefined;

/** A run that was going when the page went away continues at the stage it was in (once per page). */
export function resumeInterruptedRound(): Promise<void> {
  resuming ??= database.roundRuns
    .where('status')
    .equals('running')
    .first()
    .then((run) => (run && !useRoundStore.getState().live ? driveQueue(run.id, true) : undefined));
  return resuming;
}

/** Continues a run that waits for review (its review is done), a cancelled, failed or queued one, at the stage it stopped in; then its queue. */
export async function continueRound(runId: string): Promise<void> {
  if (useRoundStore.getState().live) return;
  try {
    const run = await database.roundRuns.get(runId);
    const stage = run && nextStage(run);
    if (stage?.kind === 'review') await patchStep(runId, stage.round, { reviewed: true });
    await patchRun(runId, { status: 'running', error: undefined });
  } catch (error) {
    useRoundStore.getState().setError((error as Error).message);
    return;
  }
  await driveQueue(runId, false);
}
