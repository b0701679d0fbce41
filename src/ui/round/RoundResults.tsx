import { useLiveQuery } from 'dexie-react-hooks';
import { useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { database } from '../../data/database';
import type { EvalRunRecord } from '../../data/records';
import type { RoundRunRecord } from '../../data/round-records';
import { useRoundStore } from '../../state/round-store';
import { ErrorLine } from '../common/ErrorLine';
import { ChangedScenes } from './ChangedScenes';
import { RoundChart } from './RoundChart';
import { exportRoundReport } from './round-report';
import { RoundTable } from './RoundTable';

/** The before/after panel of a run: the table, the chart over rounds, the scenes changed, and the report's export. */
export function RoundResults({ run }: { run: RoundRunRecord }) {
  const { shownRound, openScene, showRound, openSceneOf } = useRoundStore(
    useShallow(({ shownRound, openScene, showRound, openSceneOf }) => ({
      shownRound,
      openScene,
      showRound,
      openSceneOf,
    })),
  );
  const ids = [run.baseEvalId, ...run.steps.map((s) => s.evalId)];
  const evals = useLiveQuery(async () => {
    const found = await database.evaluations.bulkGet(ids.filter((id): id is string => !!id));
    return new Map(found.filter((e): e is EvalRunRecord => !!e).map((e) => [e.id, e]));
  }, [ids.join()]);
  const svg = useRef<SVGSVGElement>(null);
  const [error, setError] = useState<string>();
  const base = run.baseEvalId ? evals?.get(run.baseEvalId) : undefined;
  if (!base)
    return (
      <p className="muted">
        {run.baseEvalId && evals
          ? 'The base model’s evaluation of this run was deleted in Evaluate, so its rounds cannot be shown against it.'
          : 'The results appear once the base model is evaluated.'}
      </p>
    );
  // Rounds evaluated and compared, in order.
  const done = run.steps.filter((s) => s.evalId && s.compared && evals?.has(s.evalId));
  const rounds = done.map((s) => evals!.get(s.evalId!)!);
  const round = Math.min(shownRound ?? rounds.length, rounds.length);
  const step = run.steps[round - 1];
  return (
    <div data-testid="round-results">
      {run.baseEvalReused && (
        <p className="muted" data-testid="round-base-reused">
          The base model&apos;s evaluation is the one stored {new Date(base.createdAt).toLocaleString()} with the same
          weights, dtype and device on the same scenes: its greedy answers would repeat, so it was not run again.
        </p>
      )}
      <RoundTable run={run} base={base.summary} rounds={rounds.map((r) => r.summary)} />
      {rounds.length > 0 && <RoundChart summaries={[base.summary, ...rounds.map((r) => r.summary)]} svgRef={svg} />}
      <div className="row">
        <button
          onClick={() =>
            exportRoundReport(
              run,
              base.summary,
              rounds.map((r) => r.summary),
              svg.current,
            ).catch((e: Error) => setError(e.message))
          }
          data-testid="round-export"
        >
          Export report (JSON + chart PNG)
        </button>
      </div>
      <ErrorLine message={error} onDismiss={() => setError(undefined)} />
      {rounds.length > 0 && step?.compared && (
        <section>
          <h3>Scenes whose description changed</h3>
          {rounds.length > 1 && (
            <div className="row">
              <label>
                Round
                <select value={round} onChange={(e) => showRound(Number(e.target.value))} data-testid="round-shown">
                  {rounds.map((_, i) => (
                    <option key={i} value={i + 1}>
                      round {i + 1} vs base
                    </option>
                  ))}
                </select>
              </label>
            </div>
          )}
          <ChangedScenes
            round={round}
            compared={step.compared}
            baseItems={base.items}
            roundItems={rounds[round - 1]!.items}
            open={openScene}
            onOpen={openSceneOf}
          />
        </section>
      )}
    </div>
  );
}
