import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { database } from '../../data/database';
import type { MethodRunRecord } from '../../data/records';
import { useMethodsStore } from '../../state/methods-store';
import { ErrorLine } from '../common/ErrorLine';
import { RecordSelect } from '../common/RecordSelect';
import { isTyping } from '../common/keyboard';
import { MethodRunProgress } from './MethodRunProgress';
import { MethodSettingsForm } from './MethodSettingsForm';
import { canResume, cancelMethodRun, resumeMethodRun, startMethodRun } from './methods-action';
import { PairDetail } from './PairDetail';
import { formatCounts, methodName } from '../../data/labels';

function runLabel(run: MethodRunRecord): string {
  const { scenes, settings } = run;
  const items = scenes ? `scenes ${scenes.start}–${scenes.start + scenes.n - 1}` : `${run.galleryItems} gallery items`;
  return `${new Date(run.createdAt).toLocaleString()} · ${methodName(settings.method)} · ${run.modelId} · ${items} · ${run.status} · ${run.pairsStored} pairs`;
}

/** Runs a self-alignment method over shapes scenes in the worker, and lists the pairs each run made with their evidence. */
export function MethodsView() {
  const { running, error, selectedRunId, selectedPairId, selectRun, selectPair } = useMethodsStore(
    useShallow(({ running, error, selectedRunId, selectedPairId, selectRun, selectPair }) => ({
      running,
      error,
      selectedRunId,
      selectedPairId,
      selectRun,
      selectPair,
    })),
  );
  const runs = useLiveQuery(() => database.methodRuns.orderBy('createdAt').reverse().toArray(), []);
  const run = runs?.find((r) => r.id === selectedRunId) ?? runs?.[0];
  const pairs = useLiveQuery(
    async () => (run ? database.pairs.where('runId').equals(run.id).sortBy('createdAt') : []),
    [run?.id, run?.pairsStored],
  );
  const pair = pairs?.find((p) => p.id === selectedPairId);

  // ↑ / ↓ (or k / j) walk through the run's pairs.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!pairs?.length || isTyping(event.target)) return;
      const step =
        event.key === 'ArrowDown' || event.key === 'j' ? 1 : event.key === 'ArrowUp' || event.key === 'k' ? -1 : 0;
      if (!step) return;
      event.preventDefault();
      const at = pairs.findIndex((p) => p.id === selectedPairId);
      selectPair(pairs[Math.min(pairs.length - 1, Math.max(0, at + step))]!.id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [pairs, selectedPairId, selectPair]);

  return (
    <div>
      <section className="card">
        <h2>Methods</h2>
        <p className="muted">
          The loaded model makes its own preference pairs. Each pair is stored as soon as it is made; a pair already
          stored is not stored again.
        </p>
        <MethodSettingsForm />
        <div className="row">
          <button className="primary" onClick={() => void startMethodRun()} disabled={running} data-testid="method-run">
            Run
          </button>
          {running && (
            <button onClick={cancelMethodRun} data-testid="method-cancel">
              Cancel
            </button>
          )}
        </div>
        {running && <MethodRunProgress />}
        <ErrorLine message={error} />
      </section>
      {runs && runs.length > 0 && run && (
        <section className="card">
          <div className="row">
            <RecordSelect
              label="Run"
              records={runs}
              value={run.id}
              onSelect={selectRun}
              describe={runLabel}
              testId="method-run-select"
            />
            {!running && canResume(run) && (
              <button onClick={() => void resumeMethodRun(run.id)} data-testid="method-resume">
                Resume from item {run.done + 1} of {run.scenes?.n ?? run.galleryItems}
              </button>
            )}
          </div>
          <p className="muted" data-testid="method-counts">
            {run.counts ? formatCounts(run.counts) : `${run.done} items so far`}
            {run.agreement !== undefined && ` · both-order agreement ${(100 * run.agreement).toFixed(1)}%`}
            {run.duplicates > 0 && ` · ${run.duplicates} already stored`}
            {run.error && ` · ${run.error}`}
          </p>
          {run.quality && run.quality.judged > 0 && (
            <p
              className="muted"
              data-testid="method-quality"
              title="Judged with the scenes' ground truth, which the method never saw."
            >
              By ground truth, the chosen answer names fewer absent objects than the rejected one in{' '}
              {run.quality.chosenFewer} of {run.quality.judged} pairs, more in {run.quality.chosenMore}; CHAIR_i chosen{' '}
              {run.quality.chairIChosen.toFixed(3)} vs rejected {run.quality.chairIRejected.toFixed(3)}.
            </p>
          )}
          {run.quality?.existence && (
            <p
              className="muted"
              data-testid="method-existence-quality"
              title="Judged with the scenes' ground truth, which the method never saw."
            >
              Of {run.quality.existence.judged} existence-question pairs, the chosen yes/no is right and the rejected
              one wrong in {run.quality.existence.chosenRight}, the reverse in {run.quality.existence.chosenWrong}.
            </p>
          )}
          <table className="pair-table" data-testid="method-pairs">
            <thead>
              <tr>
                <th>item</th>
                <th>chosen</th>
                <th>rejected</th>
              </tr>
            </thead>
            <tbody>
              {pairs?.map((p) => (
                <tr
                  key={p.id}
                  className={p.id === selectedPairId ? 'selected' : ''}
                  onClick={() => selectPair(p.id)}
                  data-testid="method-pair-row"
                >
                  <td>{p.item ?? p.id}</td>
                  <td>{p.chosen}</td>
                  <td>{p.rejected}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {pairs?.length === 0 && (
            <p className="muted">
              {run.duplicates > 0
                ? 'Every pair this run made was stored already by an earlier run.'
                : `This run made no pairs${run.status === 'running' ? ' yet' : ''}.`}
            </p>
          )}
        </section>
      )}
      {pair && <PairDetail pair={pair} />}
    </div>
  );
}
