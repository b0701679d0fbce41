import { useLiveQuery } from 'dexie-react-hooks';
import { database } from '../../data/database';
import type { AdapterRecord } from '../../data/records';

function download(name: string, data: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

/** Saves the PEFT files, as PEFT's save_pretrained writes them (load with PeftModel.from_pretrained). */
function exportAdapter(adapter: AdapterRecord): void {
  download('adapter_config.json', adapter.config, 'application/json');
  download('adapter_model.safetensors', adapter.weights as Uint8Array<ArrayBuffer>, 'application/octet-stream');
}

/** Trained adapters: rename, export for PEFT, delete. */
export function AdapterList() {
  const adapters = useLiveQuery(() => database.adapters.orderBy('createdAt').reverse().toArray(), []);
  if (!adapters?.length) return <p className="muted">No adapters yet: a finished run saves one here.</p>;
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
            {adapter.modelId} · {adapter.steps} steps · {(adapter.weights.byteLength / 1024).toFixed(0)} KB
          </span>
          <button onClick={() => exportAdapter(adapter)}>Export (PEFT)</button>
          <button className="link" onClick={() => void database.adapters.delete(adapter.id)}>
            Delete
          </button>
        </li>
      ))}
    </ul>
  );
}
