import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { database } from '../../data/database';
import type { AdapterRecord } from '../../data/records';
import { useModelStore } from '../../state/model-store';
import { downloadBlob } from '../common/download';
import { ErrorLine } from '../common/ErrorLine';
import { confirmDelete } from '../common/confirm-delete';
import { adapterZip, importAdapter } from './adapter-files';

/** Saves the adapter as one zip of its PEFT folder. */
function exportAdapter(adapter: AdapterRecord): void {
  const zip = adapterZip(adapter);
  downloadBlob(new Blob([zip.bytes as Uint8Array<ArrayBuffer>], { type: 'application/zip' }), zip.name);
}

/** Trained and imported adapters: rename, export for PEFT, delete; import a PEFT folder's files. */
export function AdapterList() {
  const adapters = useLiveQuery(() => database.adapters.orderBy('createdAt').reverse().toArray(), []);
  const modelId = useModelStore((s) => s.selectedId);
  const [message, setMessage] = useState<{ text: string; error: boolean }>();
  const onImport = (files: FileList | null) => {
    if (!files?.length) return;
    importAdapter(files, modelId).then(
      (name) => setMessage({ text: `Imported ${name}.`, error: false }),
      (error: Error) => setMessage({ text: error.message, error: true }),
    );
  };
  return (
    <>
      <label className="button">
        Import a PEFT adapter (its zip, or adapter_config.json + adapter_model.safetensors)
        <input
          type="file"
          multiple
          hidden
          accept=".zip,.json,.safetensors"
          data-testid="adapter-import"
          onChange={(e) => onImport(e.target.files)}
        />
      </label>
      {message &&
        (message.error ? (
          <ErrorLine message={message.text} onDismiss={() => setMessage(undefined)} />
        ) : (
          <p className="muted">{message.text}</p>
        ))}
      {adapters?.length ? (
        <AdapterRows adapters={adapters} />
      ) : (
        <p className="muted">No adapters yet: a finished run saves one here.</p>
      )}
    </>
  );
}

function AdapterRows({ adapters }: { adapters: AdapterRecord[] }) {
  return (
    <ul className="plain adapter-list" data-testid="adapter-list">
      {adapters.map((adapter) => (
        <li key={adapter.id} className="row" data-testid="adapter">
          <input
            className="adapter-name"
            defaultValue={adapter.name}
            aria-label="Adapter name"
            onBlur={(e) => void database.adapters.update(adapter.id, { name: e.target.value.trim() || adapter.name })}
          />
          <span className="muted">
            {adapter.modelId} · {adapter.runId ? `${adapter.steps} steps` : 'imported'} ·{' '}
            {(adapter.weights.byteLength / 1024).toFixed(0)} KB
          </span>
          <button
            onClick={() => exportAdapter(adapter)}
            title="One zip of the PEFT folder (adapter_config.json + adapter_model.safetensors)"
          >
            Export (PEFT zip)
          </button>
          <button
            className="link"
            onClick={() =>
              confirmDelete(
                `the adapter "${adapter.name}" (${adapter.modelId}, ${(adapter.weights.byteLength / 1024).toFixed(0)} KB)`,
              ) && void database.adapters.delete(adapter.id)
            }
          >
            Delete
          </button>
        </li>
      ))}
    </ul>
  );
}
