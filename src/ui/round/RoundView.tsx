import { useLiveQuery } from 'dexie-react-hooks';
import { useShallow } from 'zustand/react/shallow';
import { database } from '../../data/database';
import { methodName } from '../../data/labels';
import { roundItemsOf } from '../../data/round-records';
import { useModelStore } from '../../state/model-store';
import { useRoundStore } from '../../state/round-store';
import { confirmDelete } from '../common/confirm-delete';
import { ErrorLine } from '../common/ErrorLine';
import { RecordSelect } from '../common/RecordSelect';
import { cancelRound, continueRound, startRound } from './round-action';
import { RoundFormFields } from './RoundFormFields';
import { RoundProgress } from './RoundProgress';
import { RoundResults } from './RoundResults';

/**
 * The whole loop in the tab: a method's pairs on pool scenes → (review) → LoRA-DPO → evaluation,
 * for K rounds, each sampling from and referenced to the previous round's adapted model, as
 * `selfalign round` runs it. Every stage's output is stored as it is made, so a reload resumes.
 */
export function RoundView() {
  const { live, error, selectedRunId, selectRun, setError } = useRoundStore(
    useShallow(({ live, error, selectedRunId, selectRun, setError }) => ({
      live,
      error,
      selectedRunId,
      selectRun,
      setError,
    })),
  );
  const { modelId, device, dtype } = useModelStore(
    useShallow((s) => ({ modelId: s.selectedId.trim(), device: s.deviceOverride, dtype: s.dtypeOverride })),
  );
  const dtypes = [...new Set(Object.values(dtype))].join('/');
  const runs = useLiveQuery(() => database.roundRuns.orderBy('createdAt').reverse().toArray(), []);
  const run = runs?.find((r) => r.id === (live?.runId ?? selectedRunId)) ?? runs?.[0];
  const canContinue =
    !live &&
    run &&
    (run.status === 'cancelled' || run.status === 'failed' || run.status === 'review' || run.status === 'queued');
  const waiting = run?.status === 'review' ? run.steps.findIndex((s) => s.pairs && !s.reviewed) + 1 : 0;
  return (
    <div>
      <section className="card">
        <h2>Round</h2>
        <p className="muted">
          Self-alignment rounds on {modelId} ({device || 'device auto'}, {dtypes || 'dtype auto'}: the Model
          panel&apos;s choice) in a worker: the method&apos;s pairs on pool scenes, LoRA-DPO on them and the evaluation
          of base and adapted model on the same test scenes; round k + 1 samples from round k&apos;s adapted model, its
          reference model. The same functions and seeds as <code>selfalign round</code>. Methods ticked under &quot;then
          also&quot; run after the first, each as its own run with the same settings; a base-model evaluation stored
          before with the same weights, dtype and device on the same scenes is reused, not run again.
        </p>
        <RoundFormFields disabled={!!live} />
        <div className="row">
          <button className="primary" onClick={() => void startRound()} disabled={!!live} data-testid="round-start">
            Start
          </button>
          {live && (
            <button onClick={cancelRound} data-testid="round-cancel">
              Cancel
            </button>
          )}
          {canContinue && (
            <button onClick={() => void continueRound(run.id)} data-testid="round-continue">
              {waiting ? `Reviewed: continue with round ${waiting}` : 'Continue'}
            </button>
          )}
        </div>
        {waiting > 0 && (
          <p data-testid="round-review-note">
            Round {waiting}&apos;s pairs wait in <a href="#/pairs">Pairs</a>: accept, swap, edit or reject them, then
            continue here; training takes the accepted and swapped ones.
          </p>
        )}
        <ErrorLine message={error} onDismiss={() => setError(undefined)} />
      </section>
      {runs && runs.length > 0 && run && (
        <section className="card">
          <div className="row">
            <RecordSelect
              label="Run"
              records={runs}
              value={run.id}
              onSelect={selectRun}
              describe={(r) =>
                `${new Date(r.createdAt).toLocaleString()} · ${r.modelId} · ${methodName(r.method.method)} · ${roundItemsOf(r) === 'gallery' ? 'gallery items' : 'n'} ${r.n} · ${r.rounds} rounds · ${r.status}`
              }
              testId="round-select"
            />
            <span data-testid="round-status">{live?.runId === run.id ? 'running' : run.status}</span>
            {live?.runId !== run.id && (
              <button
                className="link"
                onClick={() =>
                  confirmDelete(
                    `this round run (${methodName(run.method.method)}, ${run.rounds} rounds, ${new Date(run.createdAt).toLocaleString()}); its pairs, adapters and evaluations stay in their views`,
                  ) && void database.roundRuns.delete(run.id)
                }
              >
                Delete
              </button>
            )}
          </div>
          <RoundProgress run={run} live={live} />
          <RoundResults run={run} />
        </section>
      )}
    </div>
  );
}
