import { catalog } from '../../workers/runtime-client';
import type { Device, Dtype, ModelFile } from '../../runtime/types';
import { useModelStore } from '../../state/model-store';
import { ErrorLine } from '../common/ErrorLine';
import { ProgressBar } from '../common/ProgressBar';
import { CachedModels } from './CachedModels';
import { cancelLoading, loadSelectedModel } from './load-action';

const files: ModelFile[] = ['vision_encoder', 'embed_tokens', 'decoder_model_merged'];
const dtypes: Dtype[] = ['fp32', 'fp16', 'q8', 'q4', 'q4f16'];

export function ModelPanel() {
  const store = useModelStore();
  const known = catalog.some((entry) => entry.id === store.selectedId);
  const entry = catalog.find((e) => e.id === store.selectedId);
  const loading = store.status === 'loading';
  const load = () => loadSelectedModel().catch(() => {});

  return (
    <div className="panel-grid">
      <section className="card">
        <h2>Model</h2>
        <label>
          Model
          <select
            value={known ? store.selectedId : '__custom'}
            onChange={(e) => store.select(e.target.value === '__custom' ? '' : e.target.value)}
            data-testid="model-select"
          >
            {catalog.map((m) => (
              <option key={m.id} value={m.id}>
                {m.label}
              </option>
            ))}
            <option value="__custom">Another Hub model…</option>
          </select>
        </label>
        {!known && (
          <label>
            Hub id
            <input
              placeholder="owner/name, e.g. HuggingFaceTB/SmolVLM-256M-Instruct"
              value={store.selectedId}
              onChange={(e) => store.select(e.target.value)}
              data-testid="hub-id"
            />
          </label>
        )}
        <p className="muted">
          {entry?.description ?? 'Downloaded from the Hugging Face Hub and cached in this browser.'}
        </p>
        <div className="row">
          <label>
            Device
            <select
              value={store.deviceOverride}
              onChange={(e) => store.setDeviceOverride(e.target.value as Device | '')}
              data-testid="device-select"
            >
              <option value="">auto</option>
              <option value="webgpu">webgpu</option>
              <option value="wasm">wasm</option>
            </select>
          </label>
          {files.map((file) => (
            <label key={file}>
              {file}
              <select
                value={store.dtypeOverride[file] ?? ''}
                onChange={(e) => {
                  const next = { ...store.dtypeOverride };
                  if (e.target.value) next[file] = e.target.value as Dtype;
                  else delete next[file];
                  store.setDtypeOverride(next);
                }}
                data-testid={`dtype-${file}`}
              >
                <option value="">auto</option>
                {dtypes.map((d) => (
                  <option key={d} value={d}>
                    {d}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </div>
        <div className="row">
          <button
            className="primary"
            onClick={load}
            disabled={loading || !store.selectedId.trim()}
            data-testid="load-model"
          >
            Load
          </button>
          {loading && <button onClick={cancelLoading}>Cancel</button>}
        </div>
        {Object.values(store.files).map((p) => (
          <ProgressBar key={p.file} label={p.file} loaded={p.loaded} total={p.total} />
        ))}
        {store.status === 'ready' && store.info && (
          <div className="loaded" data-testid="model-ready">
            <strong>{store.info.modelId}</strong> on <strong data-testid="loaded-device">{store.info.device}</strong> (
            {files.map((f) => `${f.replace('_model_merged', '')}: ${store.info!.dtype[f]}`).join(', ')}) in{' '}
            {(store.info.loadMs / 1000).toFixed(1)} s. <span className="muted">{store.info.reason}</span>
          </div>
        )}
        <ErrorLine message={store.status === 'error' ? store.error : undefined} />
      </section>
      <CachedModels />
    </div>
  );
}
