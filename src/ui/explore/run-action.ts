import { database } from '../../data/database';
import type { ImageRecord, SampleRunRecord } from '../../data/records';
import { describeStorageError } from '../../data/storage-errors';
import { useExploreStore } from '../../state/explore-store';
import { runtimeClient } from '../../workers/runtime-client';
import { blobToPixels } from '../images/decode-image';
import { ensureModelLoaded } from '../model/load-action';

let cancelled = false;

/** Samples K answers in the worker, streaming tokens into the store, then stores the run. */
export async function runSampling(image: ImageRecord): Promise<void> {
  const store = useExploreStore.getState();
  const { prompt, options } = store;
  cancelled = false;
  store.startLive({ imageId: image.id, prompt, options });
  try {
    const info = await ensureModelLoaded();
    const pixels = await blobToPixels(image.blob);
    const answers = await runtimeClient().sample({ image: pixels, prompt }, options, ({ answerIndex, token }) =>
      useExploreStore.getState().pushToken(answerIndex, token),
    );
    const run: SampleRunRecord = {
      id: crypto.randomUUID(),
      imageId: image.id,
      prompt,
      modelId: info.modelId,
      device: info.device,
      options,
      answers,
      status: cancelled || answers.length < options.k ? 'cancelled' : 'complete',
      createdAt: Date.now(),
    };
    try {
      await database.runs.add(run);
      useExploreStore.getState().endLive();
    } catch (error) {
      useExploreStore.getState().endLive(describeStorageError(error, 'this run'));
    }
  } catch (error) {
    useExploreStore.getState().endLive((error as Error).message);
  }
}

export function cancelSampling(): void {
  cancelled = true;
  void runtimeClient().cancelSampling();
}
