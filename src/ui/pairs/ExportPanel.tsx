import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { database } from '../../data/database';
import { galleryImageOf } from '../../data/gallery-items';
import { DECIDED_STATUSES, REVIEW_STATUSES, type ReviewStatus } from '../../data/pairs/pair-records';
import { exportZipInWorker } from '../../workers/export-client';
import { downloadBlob } from '../common/download';
import { ErrorLine } from '../common/ErrorLine';

const formats = [
  ['trl', 'TRL vision DPO (conversational)'],
  ['llama-factory', 'LLaMA-Factory sharegpt ranking'],
  ['rlaif-v', 'RLAIF-V columns'],
] as const;

/** Export the stored pairs as a preference dataset zip, optionally with a PEFT adapter beside it. */
export function ExportPanel() {
  const adapters = useLiveQuery(() => database.adapters.orderBy('createdAt').reverse().toArray(), []);
  const [format, setFormat] = useState<(typeof formats)[number][0]>('trl');
  const [parquet, setParquet] = useState(false);
  const [statuses, setStatuses] = useState<ReviewStatus[]>([...DECIDED_STATUSES]);
  const [adapterId, setAdapterId] = useState('');
  const [state, setState] = useState<{ running?: boolean; note?: string; error?: string }>({});
  const run = async () => {
    setState({ running: true });
    try {
      const pairs = await database.pairs.orderBy('createdAt').toArray();
      const adapter = adapters?.find((a) => a.id === adapterId);
      const extraFiles = adapter
        ? [
            { path: 'adapter/adapter_config.json', bytes: new TextEncoder().encode(adapter.config) },
            { path: 'adapter/adapter_model.safetensors', bytes: adapter.weights },
          ]
        : [];
      const imageFiles: Record<string, Uint8Array> = {};
      for (const pair of pairs) {
        if (!('path' in pair.image) || pair.image.path in imageFiles) continue;
        const stored = await galleryImageOf(database, pair.image.path);
        if (stored) imageFiles[pair.image.path] = new Uint8Array(await stored.blob.arrayBuffer());
      }
      const result = await exportZipInWorker({ pairs, format, parquet, statuses, extraFiles, imageFiles });
      downloadBlob(
        new Blob([result.zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' }),
        `selfalign-${format}${adapter ? '-with-adapter' : ''}.zip`,
      );
      setState({
        note: `Exported ${result.rows} pairs and ${result.images} images${adapter ? ` with the adapter "${adapter.name}"` : ''}.`,
      });
    } catch (error) {
      setState({ error: (error as Error).message });
    }
  };
  const toggle = (status: ReviewStatus) =>
    setStatuses(statuses.includes(status) ? statuses.filter((s) => s !== status) : [...statuses, status]);
  return (
    <section className="card" data-testid="export-panel">
      <h3>Export</h3>
      <div className="row">
        <label>
          Format
          <select
            value={format}
            onChange={(e) => setFormat(e.target.value as typeof format)}
            data-testid="export-format"
          >
            {formats.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={parquet}
            onChange={(e) => setParquet(e.target.checked)}
            data-testid="export-parquet"
          />{' '}
          Parquet (images embedded)
        </label>
        <span className="row">
          Statuses:{' '}
          {REVIEW_STATUSES.map((status) => (
            <label key={status} className="checkbox">
              <input
                type="checkbox"
                checked={statuses.includes(status)}
                onChange={() => toggle(status)}
                data-testid={`export-status-${status}`}
              />{' '}
              {status}{' '}
            </label>
          ))}
        </span>
        <label>
          Adapter
          <select value={adapterId} onChange={(e) => setAdapterId(e.target.value)} data-testid="export-adapter">
            <option value="">none</option>
            {adapters?.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
        <button className="primary" onClick={() => void run()} disabled={state.running} data-testid="export-run">
          {state.running ? 'Exporting…' : adapterId ? 'Export dataset + adapter' : 'Export dataset'}
        </button>
      </div>
      {state.note && (
        <p className="muted" data-testid="export-note">
          {state.note}
        </p>
      )}
      <ErrorLine message={state.error} />
    </section>
  );
}
