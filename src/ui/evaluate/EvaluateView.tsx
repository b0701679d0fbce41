import { useLiveQuery } from 'dexie-react-hooks';
import { database } from '../../data/database';
import { useEvaluateStore } from '../../state/evaluate-store';
import { ErrorLine } from '../common/ErrorLine';
import { CocoEvaluation } from './CocoEvaluation';
import { Drilldown } from './Drilldown';
import { cancelEvaluation, runEvaluation } from './evaluate-action';
import { MetricTables } from './MetricTables';
import { confirmDelete } from '../common/confirm-delete';

/** The eval command in the browser: debiased test scenes, greedy answers, CHAIR / POPE / QA / critic. */
export function EvaluateView() {
  const store = useEvaluateStore();
  const runs = useLiveQuery(() => database.evaluations.orderBy('createdAt').reverse().toArray(), []);
  const run = runs?.find((r) => r.id === store.selectedRunId) ?? runs?.[0];
  const elapsed = (Date.now() - store.startedAt) / 1000;
  const eta = store.done > 0 ? (elapsed / store.done) * (store.total - store.done) : undefined;
  return (
    <div>
      <section className="card">
        <h2>Evaluate</h2>
        <p className="muted">
          Greedy answers of the loaded model on the debiased test split; the same model, n and seed give the CLI's
          numbers.
        </p>
        <div className="row">
          <label>
            Test scenes (n)
            <input
              type="number"
              min={1}
              max={2000}
              value={store.n}
              onChange={(e) => store.setParams({ n: Math.max(1, Number(e.target.value) || 1) })}
              disabled={store.running}
              data-testid="eval-n"
            />
          </label>
          <label>
            Seed
            <input
              type="number"
              min={0}
              value={store.seed}
              onChange={(e) => store.setParams({ seed: Math.max(0, Number(e.target.value) || 0) })}
              disabled={store.running}
              data-testid="eval-seed"
            />
          </label>
          <button
            className="primary"
            onClick={() => void runEvaluation()}
            disabled={store.running}
            data-testid="eval-run"
          >
            Evaluate
          </button>
          {store.running && <button onClick={cancelEvaluation}>Cancel</button>}
        </div>
        {store.running && (
          <div className="progress" data-testid="eval-progress">
            <div className="progress-label">
              <span>
                {store.done} / {store.total || store.n} scenes
              </span>
              <span>{eta !== undefined ? `ETA ${Math.ceil(eta)} s` : 'starting…'}</span>
            </div>
            <div className="progress-track">
              <div
                className="progress-fill"
                style={{ width: `${store.total ? (100 * store.done) / store.total : 0}%` }}
              />
            </div>
          </div>
        )}
        <ErrorLine message={store.error} />
      </section>
      {runs && runs.length > 0 && (
        <section className="card">
          <div className="row">
            <label>
              Result
              <select value={run?.id} onChange={(e) => store.selectRun(e.target.value)} data-testid="eval-select">
                {runs.map((r) => (
                  <option key={r.id} value={r.id}>
                    {new Date(r.createdAt).toLocaleString()} · {r.summary.model} · n {r.summary.n} · seed{' '}
                    {r.summary.seed} · {r.device}
                  </option>
                ))}
              </select>
            </label>
            {run && (
              <button
                className="link"
                onClick={() =>
                  confirmDelete(
                    `this evaluation (${run.summary.model}, n ${run.summary.n}, ${new Date(run.createdAt).toLocaleString()})`,
                  ) && void database.evaluations.delete(run.id)
                }
              >
                Delete
              </button>
            )}
          </div>
          {run && (
            <>
              <MetricTables
                summary={run.summary}
                picked={store.metric}
                onPick={(m) => store.pickMetric(store.metric === m ? undefined : m)}
              />
              <details>
                <summary>JSON (as printed by the eval command)</summary>
                <pre data-testid="eval-json">{JSON.stringify(run.summary)}</pre>
              </details>
            </>
          )}
        </section>
      )}
      {run && store.metric && <Drilldown metric={store.metric} items={run.items} />}
      <CocoEvaluation />
    </div>
  );
}
