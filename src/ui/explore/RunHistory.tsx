import { useLiveQuery } from 'dexie-react-hooks';
import { database } from '../../data/database';
import { AnswerColumns } from './AnswerColumns';
import { confirmDelete } from '../common/confirm-delete';

/** Every stored run for the image, newest first. */
export function RunHistory({ imageId }: { imageId: string }) {
  const runs = useLiveQuery(
    () => database.runs.where('imageId').equals(imageId).reverse().sortBy('createdAt'),
    [imageId],
  );
  if (!runs || runs.length === 0) return null;
  return (
    <section className="history" data-testid="history">
      {runs.map((run) => (
        <div key={run.id} className="run card" data-testid="run">
          <header className="row">
            <strong>“{run.prompt}”</strong>
            <span className="muted">
              {run.modelId} · {run.device} · seed {run.options.seed} ·{' '}
              {run.options.greedy
                ? 'greedy'
                : `T ${run.options.temperature}, top-p ${run.options.topP}, top-k ${run.options.topK}`}
              {run.status === 'cancelled' && ' · cancelled'} · {new Date(run.createdAt).toLocaleString()}
            </span>
            <button
              className="link"
              onClick={() =>
                confirmDelete(
                  `this run ("${run.prompt}", ${run.answers.length} answer${run.answers.length === 1 ? '' : 's'})`,
                ) && void database.runs.delete(run.id)
              }
            >
              Delete
            </button>
          </header>
          <AnswerColumns answers={run.answers} />
        </div>
      ))}
    </section>
  );
}
