import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { database } from '../../data/database';
import { useModelStore } from '../../state/model-store';
import { useTrainStore } from '../../state/train-store';
import { ErrorLine } from '../common/ErrorLine';
import { RecordSelect } from '../common/RecordSelect';
import { AdapterList } from './AdapterList';
import { choosePairs } from './chosen-pairs';
import { PairChoice } from './PairChoice';
import { RunCharts } from './RunCharts';
import { runSummary } from './run-summary';
import { SettingsForm } from './SettingsForm';
import { cancelTraining, importPairs, pauseTraining, resumeTraining, startTraining } from './train-action';
import { TrainProgress } from './TrainProgress';

/** LoRA-DPO in the tab: pick pairs (by method and review status) and settings, watch loss, margin and accuracy, keep the adapter. */
export function TrainView() {
  const { methodFilter, statusFilter, live, selectedRunId, totalSteps, error, setError, selectRun } = useTrainStore(
    useShallow((s) => ({
      methodFilter: s.methodFilter,
      statusFilter: s.statusFilter,
      live: s.live,
      selectedRunId: s.selectedRunId,
      totalSteps: s.settings.totalSteps,
      error: s.error,
      setError: s.setError,
      selectRun: s.selectRun,
    })),
  );
  const modelId = useModelStore((s) => s.selectedId);
  const [note, setNote] = useState<string>();
  const pairs = useLiveQuery(() => database.pairs.toArray(), []);
  const chosen = pairs && choosePairs(pairs, { method: methodFilter, statuses: statusFilter });
  const runs = useLiveQuery(() => database.trainingRuns.orderBy('createdAt').reverse().toArray(), []);
  const shown = runs?.find((r) => r.id === (live?.runId ?? selectedRunId)) ?? runs?.[0];
  const logs = live && shown?.id === live.runId ? live.logs : (shown?.logs ?? []);
  const canResume = !live && shown && (shown.status === 'paused' || shown.status === 'failed') && shown.checkpoint;

  const onImport = async (file: File | undefined) => {
    if (!file) return;
    try {
      setNote(await importPairs(file));
      setError(undefined);
    } catch (failure) {
      setNote(undefined);
      setError((failure as Error).message);
    }
  };

  return (
    <div>
      <section className="card">
        <h2>Train</h2>
        <p className="muted">
          LoRA-DPO on {modelId} in a worker (jax-js, on WebGPU when available, else WebAssembly). Each pair trains with
          its review decision applied (a swap exchanges the answers, an edit replaces one). The reference log-probs are
          the same engine's with the adapter off, computed once per answer text.
        </p>
        <div className="row">
          <span data-testid="pair-count">{pairs?.length ?? 0} pairs</span>
          <label className="button">
            Import pairs (JSONL)
            <input
              type="file"
              accept=".jsonl,.json,application/jsonl"
              hidden
              data-testid="pairs-file"
              onChange={(e) => void onImport(e.target.files?.[0])}
            />
          </label>
        </div>
        {note && <p className="muted">{note}</p>}
        {pairs && chosen && <PairChoice pairs={pairs} chosen={chosen} disabled={!!live} />}
        <SettingsForm disabled={!!live} />
        <div className="row">
          <button
            className="primary"
            onClick={() => void startTraining()}
            disabled={!!live || !chosen?.pairs}
            data-testid="train-start"
          >
            Start
          </button>
          {live && (
            <button onClick={pauseTraining} disabled={!!live.stopping} data-testid="train-pause">
              Pause
            </button>
          )}
          {live && (
            <button onClick={cancelTraining} disabled={!!live.stopping} data-testid="train-cancel">
              Cancel
            </button>
          )}
          {canResume && (
            <button onClick={() => void resumeTraining(shown.id)} data-testid="train-resume">
              Resume from step {shown.checkpoint!.step}
            </button>
          )}
        </div>
        {live && <TrainProgress live={live} totalSteps={shown?.settings.totalSteps ?? totalSteps} />}
        <ErrorLine message={error} onDismiss={() => setError(undefined)} />
      </section>
      {runs && runs.length > 0 && (
        <section className="card">
          <div className="row">
            <RecordSelect
              label="Run"
              records={runs}
              value={shown?.id}
              onSelect={selectRun}
              describe={(r) =>
                live?.runId === r.id
                  ? `${new Date(r.createdAt).toLocaleString()} · ${r.modelId} · ${r.settings.loss} · running · step ${live.logs.at(-1)?.step ?? live.firstStep}/${r.settings.totalSteps}`
                  : `${new Date(r.createdAt).toLocaleString()} · ${r.modelId} · ${r.settings.loss} · ${r.status} · step ${r.checkpoint?.step ?? 0}/${r.settings.totalSteps}`
              }
              testId="run-select"
            />
            {shown && <span data-testid="run-status">{live?.runId === shown.id ? 'running' : shown.status}</span>}
            {shown?.error && <span className="muted">{shown.error}</span>}
            {shown && live?.runId !== shown.id && shown.logs.length > 0 && (
              <span className="muted" data-testid="run-summary">
                {runSummary(shown.device, shown.logs)}
              </span>
            )}
          </div>
          <RunCharts logs={logs} />
        </section>
      )}
      <section className="card">
        <h3>Adapters</h3>
        <AdapterList />
      </section>
    </div>
  );
}
