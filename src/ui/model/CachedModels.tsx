import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { deleteCachedModel, listCachedModels } from '../../data/model-cache';
import { formatBytes } from '../common/ProgressBar';
import { confirmDelete } from '../common/confirm-delete';

/** Hub models downloaded into this browser, with their size and a way to free the space. */
export function CachedModels() {
  const queryClient = useQueryClient();
  const cached = useQuery({ queryKey: ['cached-models'], queryFn: listCachedModels });
  const remove = useMutation({
    mutationFn: deleteCachedModel,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['cached-models'] }),
  });
  return (
    <section className="card">
      <h3>Downloaded Hub models</h3>
      {cached.isPending && <p className="muted">Reading the browser cache…</p>}
      {cached.data?.length === 0 && (
        <p className="muted">None. Embedded models are part of the app and need no download.</p>
      )}
      <ul className="plain">
        {cached.data?.map((model) => (
          <li key={model.modelId} className="row">
            <span>{model.modelId}</span>
            <span className="muted">
              {model.files} files · {formatBytes(model.bytes)}
            </span>
            <button
              onClick={() =>
                confirmDelete(
                  `${model.modelId} (${model.files} files, ${formatBytes(model.bytes)}) from this browser; loading it downloads it again`,
                ) && remove.mutate(model.modelId)
              }
              disabled={remove.isPending}
            >
              Delete
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
