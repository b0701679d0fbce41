import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { database } from '../../data/database';
import { runtimeClient } from '../../workers/runtime-client';
import { ErrorLine } from '../common/ErrorLine';
import { blobToPixels } from '../images/decode-image';
import { ensureModelLoaded } from '../model/load-action';
import type { CocoEvalReport } from '../../data/evals';

const STORAGE_KEY = 'selfalign.coco-evaluation';
const saved = (): CocoEvalReport | undefined => {
  try {
    return JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') ?? undefined;
  } catch {
    return undefined;
  }
};
const percent = (x: number) => x.toFixed(3);

/** CHAIR and POPE on the gallery's images that came with COCO annotations (imported in the Images view). */
export function CocoEvaluation() {
  const annotated = useLiveQuery(() => database.images.filter((image) => image.objects !== undefined).toArray(), []);
  const [report, setReport] = useState<CocoEvalReport | undefined>(saved);
  const [progress, setProgress] = useState<{ done: number; total: number }>();
  const [error, setError] = useState<string>();
  const run = async () => {
    setError(undefined);
    setProgress({ done: 0, total: 0 });
    try {
      await ensureModelLoaded();
      const images = await Promise.all(
        (annotated ?? []).map(async (image) => ({
          id: image.name,
          image: await blobToPixels(image.blob),
          objects: image.objects!,
        })),
      );
      const result = await runtimeClient().evaluateCoco(images, 1234, (done, total) => setProgress({ done, total }));
      localStorage.setItem(STORAGE_KEY, JSON.stringify(result));
      setReport(result);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setProgress(undefined);
    }
  };
  if (!annotated?.length && !report) return null;
  return (
    <section className="card" data-testid="coco-evaluation">
      <h3>Your images (COCO objects)</h3>
      <p className="muted">
        {annotated?.length ?? 0} gallery images carry COCO-80 objects from imported annotations. CHAIR on a greedy
        description of each, POPE with negatives drawn at random, by popularity and by co-occurrence among these images'
        objects.
      </p>
      <div className="row">
        <button
          className="primary"
          onClick={() => void run()}
          disabled={!!progress || !annotated?.length}
          data-testid="coco-run"
        >
          Evaluate
        </button>
        {progress && <button onClick={() => void runtimeClient().cancelEvaluation()}>Cancel</button>}
        {progress && (
          <span className="muted">
            {progress.done} / {progress.total || '…'} answers
          </span>
        )}
      </div>
      <ErrorLine message={error} />
      {report && (
        <>
          <p data-testid="coco-chair">
            {report.model} on {report.n} images: CHAIR_i {percent(report.chair.i)}, CHAIR_s {percent(report.chair.s)};
            POPE F1 random {percent(report.pope.random.f1)}, popular {percent(report.pope.popular.f1)}, adversarial{' '}
            {percent(report.pope.adversarial.f1)}.
          </p>
          <ul className="muted">
            {report.items.map((item) => (
              <li key={item.id}>
                {item.id}: {item.description}{' '}
                {item.hallucinated.length > 0 && <strong>(not there: {item.hallucinated.join(', ')})</strong>}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
