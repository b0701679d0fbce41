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
import { useModelStore } from '../../state/model-store';
import { AdapterPicker } from './AdapterPicker';
import { ComparePanel } from './ComparePanel';
import { adapterLabel, resultLabel } from './result-labels';

/** The eval command in the browser: debiased test scenes, greedy answers, CHAIR / POPE / QA / critic. */
export function EvaluateView() {
  const { n, seed, adapterId, running, error, selectedRunId, metric, compareWithId } = useEvaluateStore(
    useShallow(({ n, seed, adapterId, running, error, selectedRunId, metric, compareWithId }) => ({
      n,
      seed,
      adapterId,
      running,
      error,
      selectedRunId,
      metric,
      compareWithId,
    })),
  );
  const { setParams, selectRun, pickMetric, compareWith } = useEvaluateStore(
    useShallow(({ setParams, selectRun, pickMetric, compareWith }) => ({
      setParams,
      selectRun,
      pickMetric,
      compareWith,
    })),
  );
  const modelId = useModelStore((s) => s.selectedId.trim());
  const runs = useLiveQuery(() => database.evaluations.orderBy('createdAt').reverse().toArray(), []);
  const run = runs?.find((r) => r.id === selectedRunId) ?? runs?.[0];
  return (
    <div>
      <section className="card">
        <h2>Evaluate</h2>
        <p className="muted">
          Greedy answers of the loaded model, with the adapter picked here on, on the debiased test split; the same
          model, adapter, n and seed give the CLI's numbers.
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
          <AdapterPicker
            modelId={modelId}
            value={adapterId}
            onChange={(id) => setParams({ adapterId: id })}
            disabled={running}
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
              describe={resultLabel}
              testId="eval-select"
            />
            {run && (
              <button
                className="link"
                onClick={() =>
                  confirmDelete(
                    `this evaluation (${run.summary.model}, ${adapterLabel(run.summary)}, n ${run.summary.n}, ${new Date(run.createdAt).toLocaleString()})`,
                  ) && void database.evaluations.delete(run.id)
                }
              >
                Delete
              </button>
            )}
          </div>
          {run && (
            <>
              <p className="muted" data-testid="eval-label">
                {resultLabel(run)}
              </p>
              <MetricTables
                summary={run.summary}
                picked={metric}
                onPick={(m) => pickMetric(metric === m ? undefined : m)}
              />
              <details>
                <summary>JSON (as printed by the eval command)</summary>
                <pre data-testid="eval-json">{JSON.stringify(run.summary)}</pre>
              </details>
              <ComparePanel run={run} runs={runs} compareWithId={compareWithId} onPick={compareWith} />
            </>
          )}
        </section>
      )}
      {run && metric && <Drilldown metric={metric} items={run.items ?? []} />}
      <CocoEvaluation />
    </div>
  );
}
