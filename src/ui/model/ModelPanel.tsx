import { useShallow } from 'zustand/react/shallow';
import { catalog } from '../../workers/runtime-client';
import type { Device, Dtype, ModelFile } from '../../runtime/types';
import { useModelStore } from '../../state/model-store';
import { ErrorLine } from '../common/ErrorLine';
import { ProgressBar } from '../common/ProgressBar';
import { CachedModels } from './CachedModels';
import { cancelLoading, loadSelectedModel } from './load-action';

const files: ModelFile[] = ['vision_encoder', 'embed_tokens', 'decoder_model_merged'];
const dtypes: Dtype[] = ['fp32', 'fp16', 'q8', 'q4', 'q4f16'];

/** A catalog model, or any Hub id typed in, with the catalog's description of it. */
function ModelChoice() {
  const selectedId = useModelStore((s) => s.selectedId);
  const select = useModelStore((s) => s.select);
  const known = catalog.some((entry) => entry.id === selectedId);
  const entry = catalog.find((e) => e.id === selectedId);
  return (
    <>
      <label>
        Model
        <select
          value={known ? selectedId : '__custom'}
          onChange={(e) => select(e.target.value === '__custom' ? '' : e.target.value)}
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
            value={selectedId}
            onChange={(e) => select(e.target.value)}
            data-testid="hub-id"
          />
        </label>
      )}
      <p className="muted">
        {entry?.description ?? 'Downloaded from the Hugging Face Hub and cached in this browser.'}
      </p>
    </>
  );
}

/** The device and each file's dtype, 'auto' unless overridden. */
function LoadOverrides() {
  const { deviceOverride, dtypeOverride, setDeviceOverride, setDtypeOverride } = useModelStore(
    useShallow(({ deviceOverride, dtypeOverride, setDeviceOverride, setDtypeOverride }) => ({
      deviceOverride,
      dtypeOverride,
      setDeviceOverride,
      setDtypeOverride,
    })),
  );
  return (
    <div className="row">
      <label>
        Device
        <select
          value={deviceOverride}
          onChange={(e) => setDeviceOverride(e.target.value as Device | '')}
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
            value={dtypeOverride[file] ?? ''}
            onChange={(e) => {
              const next = { ...dtypeOverride };
              if (e.target.value) next[file] = e.target.value as Dtype;
              else delete next[file];
              setDtypeOverride(next);
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
  );
}

/** Load and Cancel, each file's download, and then what was loaded on which device, or why it failed. */
function LoadStatus() {
  const { selectedId, status, fileProgress, info, error } = useModelStore(
    useShallow(({ selectedId, status, files, info, error }) => ({
      selectedId,
      status,
      fileProgress: files,
      info,
      error,
    })),
  );
  const loading = status === 'loading';
  const load = () => loadSelectedModel().catch(() => {});
  return (
    <>
      <div className="row">
        <button className="primary" onClick={load} disabled={loading || !selectedId.trim()} data-testid="load-model">
          Load
        </button>
        {loading && <button onClick={cancelLoading}>Cancel</button>}
      </div>
      {Object.values(fileProgress).map((p) => (
        <ProgressBar key={p.file} label={p.file} loaded={p.loaded} total={p.total} />
      ))}
      {status === 'ready' && info && (
        <div className="loaded" data-testid="model-ready">
          {error && <span className="muted">Still loaded: </span>}
          <strong>{info.modelId}</strong> on <strong data-testid="loaded-device">{info.device}</strong> (
          {files.map((f) => `${f.replace('_model_merged', '')}: ${info.dtype[f]}`).join(', ')}) in{' '}
          {(info.loadMs / 1000).toFixed(1)} s. <span className="muted">{info.reason}</span>
        </div>
      )}
      <ErrorLine message={error} />
    </>
  );
}

export function ModelPanel() {
  return (
    <div className="panel-grid">
      <section className="card">
        <h2>Model</h2>
        <ModelChoice />
        <LoadOverrides />
        <LoadStatus />
      </section>
      <CachedModels />
    </div>
  );
}
