import { useLiveQuery } from 'dexie-react-hooks';
import { database } from '../../data/database';
import { useShallow } from 'zustand/react/shallow';
import { useEvaluateStore } from '../../state/evaluate-store';
import { NumberField } from '../common/NumberField';
import { EvaluateProgress } from './EvaluateProgress';
import { ErrorLine } from '../common/ErrorLine';
import { RecordSelect } from '../common/RecordSelect';
import { CocoEvaluation } from './CocoEvaluation';
import { Drilldown } from './Drilldown';
import { cancelEvaluation, runEvaluation } from './evaluate-action';
import { MetricTables } from './MetricTables';
import { confirmDelete } from '../common/confirm-delete';

/** The eval command in the browser: debiased test scenes, greedy answers, CHAIR / POPE / QA / critic. */
export function EvaluateView() {
  const { n, seed, running, error, selectedRunId, metric, setParams, selectRun, pickMetric } = useEvaluateStore(
    useShallow(({ n, seed, running, error, selectedRunId, metric, setParams, selectRun, pickMetric }) => ({
      n,
      seed,
      running,
      error,
      selectedRunId,
      metric,
      setParams,
      selectRun,
      pickMetric,
    })),
  );
  const runs = useLiveQuery(() => database.evaluations.orderBy('createdAt').reverse().toArray(), []);
  const run = runs?.find((r) => r.id === selectedRunId) ?? runs?.[0];
  return (
    <div>
      <section className="card">
        <h2>Evaluate</h2>
        <p className="muted">
          Greedy answers of the loaded model on the debiased test split; the same model, n and seed give the CLI's
          numbers.
        </p>
        <div className="row">
          <NumberField
            label="Test scenes (n)"
            min={1}
            max={2000}
            value={n}
            onChange={(text) => setParams({ n: Math.max(1, Number(text) || 1) })}
            disabled={running}
            testId="eval-n"
          />
          <NumberField
            label="Seed"
            min={0}
            value={seed}
            onChange={(text) => setParams({ seed: Math.max(0, Number(text) || 0) })}
            disabled={running}
            testId="eval-seed"
          />
          <button className="primary" onClick={() => void runEvaluation()} disabled={running} data-testid="eval-run">
            Evaluate
          </button>
          {running && <button onClick={cancelEvaluation}>Cancel</button>}
        </div>
        {running && <EvaluateProgress />}
        <ErrorLine message={error} />
      </section>
      {runs && runs.length > 0 && (
        <section className="card">
          <div className="row">
            <RecordSelect
              label="Result"
              records={runs}
              value={run?.id}
              onSelect={selectRun}
              describe={(r) =>
                `${new Date(r.createdAt).toLocaleString()} · ${r.summary.model} · n ${r.summary.n} · seed ${r.summary.seed} · ${r.device}`
              }
              testId="eval-select"
            />
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
                picked={metric}
                onPick={(m) => pickMetric(metric === m ? undefined : m)}
              />
              <details>
                <summary>JSON (as printed by the eval command)</summary>
                <pre data-testid="eval-json">{JSON.stringify(run.summary)}</pre>
              </details>
            </>
          )}
        </section>
      )}
      {run && metric && <Drilldown metric={metric} items={run.items} />}
      <CocoEvaluation />
    </div>
  );
}
