import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { database } from '../../data/database';
import type { AdapterRecord } from '../../data/records';
import { describeStorageError } from '../../data/storage-errors';
import { useModelStore } from '../../state/model-store';
import { downloadBlob } from '../common/download';
import { ErrorLine } from '../common/ErrorLine';
import { confirmDelete } from '../common/confirm-delete';

/** Saves the PEFT files, as PEFT's save_pretrained writes them (load with PeftModel.from_pretrained). */
function exportAdapter(adapter: AdapterRecord): void {
  downloadBlob(new Blob([adapter.config], { type: 'application/json' }), 'adapter_config.json');
  downloadBlob(
    new Blob([adapter.weights as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }),
    'adapter_model.safetensors',
  );
}

/**
 * A PEFT adapter folder's two files as an adapter of `modelId`. The config is checked here; the
 * tensors are checked against the model when it loads with the adapter.
 */
async function importAdapter(files: FileList, modelId: string): Promise<string> {
  const byName = new Map([...files].map((file) => [file.name, file]));
  const config = byName.get('adapter_config.json');
  const weights = byName.get('adapter_model.safetensors');
  if (!config || !weights)
    throw new Error('Pick both adapter_config.json and adapter_model.safetensors from the adapter folder.');
  const text = await config.text();
  let json: { peft_type?: unknown; base_model_name_or_path?: unknown };
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error('adapter_config.json is not valid JSON.');
  }
  if (json.peft_type !== 'LORA') throw new Error('Only LoRA adapters (peft_type "LORA") can be imported.');
  const base =
    typeof json.base_model_name_or_path === 'string' && json.base_model_name_or_path
      ? json.base_model_name_or_path
      : modelId;
  const adapter: AdapterRecord = {
    id: crypto.randomUUID(),
    name: `imported · ${base} · ${new Date().toLocaleString()}`,
    modelId: base,
    config: text,
    weights: new Uint8Array(await weights.arrayBuffer()),
    steps: 0,
    createdAt: Date.now(),
  };
  try {
    await database.adapters.add(adapter);
  } catch (error) {
    throw new Error(describeStorageError(error, 'the adapter'));
  }
  return adapter.name;
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
        Import a PEFT adapter (adapter_config.json + adapter_model.safetensors)
        <input
          type="file"
          multiple
          hidden
          accept=".json,.safetensors"
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
          <button onClick={() => exportAdapter(adapter)}>Export (PEFT)</button>
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
