import { database } from '../../data/database';
import { galleryItemPlans } from '../../data/gallery-items';
import { savePairs } from '../../data/pairs/pair-store';
import type { MethodRunRecord } from '../../data/records';
import { describeStorageError } from '../../data/storage-errors';
import type { PairRecord } from '../../data/pairs/pair-records';
import { useMethodsStore } from '../../state/methods-store';
import { runtimeClient } from '../../workers/runtime-client';
import { blobToPixels } from '../images/decode-image';
import { ensureModelLoaded } from '../model/load-action';
import type { GalleryItem } from '../../data/runs';

/**
 * Runs the chosen method in the worker over train-split scenes. Every pair is stored the moment it
 * arrives (deduplicated), so a reload or a crash mid-run keeps all pairs made until then.
 */
/** The gallery as the worker's items: each image decoded once, each of its prompts an item. */
async function galleryItems(): Promise<GalleryItem[]> {
  const images = await database.images.orderBy('createdAt').toArray();
  const pixels = new Map<string, GalleryItem['image']>();
  for (const image of images) pixels.set(image.id, await blobToPixels(image.blob));
  return galleryItemPlans(images).map(({ imageId, ...plan }) => ({ ...plan, image: pixels.get(imageId)! }));
}

export async function startMethodRun(): Promise<void> {
  const { settings, n, start, sceneSeed, source } = useMethodsStore.getState();
  const id = crypto.randomUUID();
  useMethodsStore.getState().begin(id);
  let run: MethodRunRecord | undefined;
  // Pairs arrive faster than IndexedDB may take them: one save at a time, in order.
  let saving = Promise.resolve();
  let saveError: string | undefined;
  const store = (pair: PairRecord) => {
    saving = saving.then(async () => {
      if (saveError || !run) return;
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
    const info = await ensureModelLoaded();
    const images = source === 'gallery' ? await galleryItems() : undefined;
    if (images?.length === 0) throw new Error('The gallery is empty; add or import images in the Images view first.');
    const scenes = images ? undefined : { split: 'train' as const, seed: sceneSeed, start, n };
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
    await database.methodRuns.add(run).catch((error: unknown) => {
      run = undefined;
      throw new Error(describeStorageError(error, 'the method run'));
    });
    const summary = await runtimeClient().runMethod(
      { settings, scenes, images },
      (done, total) => {
        useMethodsStore.getState().progress(done, total);
        void database.methodRuns.update(id, { done, updatedAt: Date.now() });
      },
      store,
    );
    await saving;
    const status = saveError ? 'failed' : summary.counts.items! < (images?.length ?? n) ? 'cancelled' : 'complete';
    await database.methodRuns.update(id, {
      status,
      counts: summary.counts,
      agreement: summary.agreement,
      quality: summary.quality,
      error: saveError,
      updatedAt: Date.now(),
    });
    useMethodsStore.getState().finish(saveError);
  } catch (error) {
    await saving;
    const message = (error as Error).message;
    if (run)
      await database.methodRuns.update(id, { status: 'failed', error: message, updatedAt: Date.now() }).catch(() => {});
    useMethodsStore.getState().finish(message);
  }
}

export function cancelMethodRun(): void {
  void runtimeClient().cancelMethod();
}

/** A run still marked running when the app starts was cut off by a reload: its stored pairs stay. */
export async function markInterruptedMethodRuns(): Promise<void> {
  await database.methodRuns.filter((run) => run.status === 'running').modify({ status: 'interrupted' });
}
