import { database } from '../../data/database';
import { savePairs } from '../../data/pairs/pair-store';
import type { MethodRunRecord } from '../../data/records';
import { describeStorageError } from '../../data/storage-errors';
import type { PairRecord } from '../../data/pairs/pair-records';
import { useMethodsStore } from '../../state/methods-store';
import { runtimeClient } from '../../workers/runtime-client';
import { EMPTY_GALLERY, galleryItems } from '../images/gallery-method-items';
import { ensureModelLoaded } from '../model/load-action';
import { METHOD_SPLIT, type MethodRunRequest } from '../../data/runs';

/** A resumed run's counts: the items and pairs before it was cut off, then the rest of the counts of the resumed part. */
function withEarlier(
  counts: Record<string, number>,
  earlier: { items: number; pairs: number },
): Record<string, number> {
  return { ...counts, items: (counts.items ?? 0) + earlier.items, pairs: (counts.pairs ?? 0) + earlier.pairs };
}

/**
 * Runs `request` in the worker as (the rest of) `run`, whose first `earlier.items` items were done
 * before. Every pair is stored the moment it arrives (deduplicated), so a reload or a crash mid-run
 * keeps all pairs made until then, and the run can resume after them.
 */
async function executeRun(
  run: MethodRunRecord,
  request: MethodRunRequest,
  earlier: { items: number; pairs: number },
): Promise<void> {
  const id = run.id;
  const total = earlier.items + (request.images?.length ?? request.scenes?.n ?? 0);
  // Pairs arrive faster than IndexedDB may take them: one save at a time, in order.
  let saving = Promise.resolve();
  let saveError: string | undefined;
  let made = 0;
  const store = (pair: PairRecord) => {
    made++;
    saving = saving.then(async () => {
      if (saveError) return;
      try {
        const saved = await savePairs([pair], { runId: id });
        run.pairsStored += saved.added;
        run.duplicates += saved.duplicates;
        await database.methodRuns.update(id, {
          pairsStored: run.pairsStored,
          duplicates: run.duplicates,
          updatedAt: Date.now(),
        });
      } catch (error) {
        saveError = (error as Error).message;
        void runtimeClient().cancelMethod();
      }
    });
  };
  try {
    const summary = await runtimeClient().runMethod(
      request,
      (done) => {
        // After the item's pairs are saved (its pairs come before its progress): a resume goes on from
        // here. The bar moves once that is stored, so what it shows survives a reload.
        const progress = { done: earlier.items + done, pairsMade: earlier.pairs + made, updatedAt: Date.now() };
        saving = saving.then(() =>
          database.methodRuns
            .update(id, progress)
            .then(() => useMethodsStore.getState().progress(earlier.items + done, total)),
        );
      },
      store,
      (done, of) => useMethodsStore.getState().calibrating(done, of),
    );
    await saving;
    const counts = withEarlier(summary.counts, earlier);
    const status = saveError ? 'failed' : counts.items! < total ? 'cancelled' : 'complete';
    await database.methodRuns.update(id, {
      status,
      counts,
      agreement: summary.agreement,
      quality: summary.quality,
      error: saveError,
      updatedAt: Date.now(),
    });
    useMethodsStore.getState().finish(saveError);
  } catch (error) {
    await saving;
    const message = (error as Error).message;
    await database.methodRuns.update(id, { status: 'failed', error: message, updatedAt: Date.now() }).catch(() => {});
    useMethodsStore.getState().finish(message);
  }
}

/** Runs the chosen method in the worker over pool-split scenes or the gallery's images. */
export async function startMethodRun(): Promise<void> {
  const { settings, n, start, sceneSeed, source } = useMethodsStore.getState();
  const id = crypto.randomUUID();
  useMethodsStore.getState().begin(id);
  let run: MethodRunRecord;
  let request: MethodRunRequest;
  try {
    const info = await ensureModelLoaded();
    const images = source === 'gallery' ? await galleryItems() : undefined;
    if (images?.length === 0) throw new Error(EMPTY_GALLERY);
    const scenes = images ? undefined : { split: METHOD_SPLIT, seed: sceneSeed, start, n };
    const now = Date.now();
    run = {
      id,
      modelId: info.modelId,
      settings,
      ...(scenes ? { scenes } : { galleryItems: images!.length }),
      status: 'running',
      done: 0,
      pairsStored: 0,
      duplicates: 0,
      createdAt: now,
      updatedAt: now,
    };
    request = { settings, scenes, images };
    await database.methodRuns.add(run).catch((error: unknown) => {
      throw new Error(describeStorageError(error, 'the method run'));
    });
  } catch (error) {
    useMethodsStore.getState().finish((error as Error).message);
    return;
  }
  await executeRun(run, request, { items: 0, pairs: 0 });
}

/** Whether a run stopped before its last item (a reload, a crash, a cancel, a failure) and can go on from there. */
export function canResume(run: MethodRunRecord): boolean {
  const total = run.scenes?.n ?? run.galleryItems ?? 0;
  return run.status !== 'running' && run.status !== 'complete' && run.done < total;
}

/**
 * Continues a run that stopped before its last item, from the first item it had not done, with the
 * same settings on the same model; its pairs go on into the same run (each item is seeded by its
 * id, so the pairs are those an uninterrupted run makes).
 */
export async function resumeMethodRun(runId: string): Promise<void> {
  const run = await database.methodRuns.get(runId);
  if (!run || useMethodsStore.getState().running) return;
  useMethodsStore.getState().begin(run.id);
  let request: MethodRunRequest;
  try {
    const info = await ensureModelLoaded();
    if (info.modelId !== run.modelId)
      throw new Error(`This run was made with ${run.modelId}; load it in the Model panel to resume the run.`);
    if (run.scenes) {
      const { split, seed, start, n } = run.scenes;
      request = { settings: run.settings, scenes: { split, seed, start: start + run.done, n: n - run.done } };
    } else {
      const images = await galleryItems();
      if (images.length !== run.galleryItems)
        throw new Error(
          `The gallery has ${images.length} items now and had ${run.galleryItems} when this run started, so it cannot resume; start a new run.`,
        );
      request = { settings: run.settings, images: images.slice(run.done) };
    }
    // Pairs stored after the last item done belong to items the resumed part makes again (as duplicates).
    run.pairsStored = await database.pairs.where('runId').equals(run.id).count();
    await database.methodRuns.update(run.id, {
      status: 'running',
      pairsStored: run.pairsStored,
      error: undefined,
      updatedAt: Date.now(),
    });
  } catch (error) {
    useMethodsStore.getState().finish((error as Error).message);
    return;
  }
  useMethodsStore.getState().progress(run.done, run.scenes?.n ?? run.galleryItems ?? 0);
  await executeRun(run, request, { items: run.done, pairs: run.pairsMade ?? 0 });
}

export function cancelMethodRun(): void {
  void runtimeClient().cancelMethod();
}

/** A run still marked running when the app starts was cut off by a reload: its stored pairs stay. */
export async function markInterruptedMethodRuns(): Promise<void> {
  await database.methodRuns.filter((run) => run.status === 'running').modify({ status: 'interrupted' });
}
