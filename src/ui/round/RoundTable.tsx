import type { EvalSummary } from '../../data/evals';
import type { RoundRunRecord } from '../../data/round-records';
import { deltaVerdict, DELTA_FIGURES, formatDelta, percent } from '../evaluate/delta-figures';
import '../evaluate/paired.css';

/** Base and each round side by side: every figure, and each round's delta from the base model with its 95% paired interval. */
export function RoundTable({
  run,
  base,
  rounds,
}: {
  run: RoundRunRecord;
  base: EvalSummary;
  rounds: (EvalSummary | undefined)[];
}) {
  return (
    <table className="metrics paired" data-testid="round-table">
      <caption>
        Base model and each round on the same {base.n} test scenes (Δ = round − base, 95% paired bootstrap interval)
      </caption>
      <thead>
        <tr>
          <th>figure</th>
          <th>base</th>
          {rounds.map((_, i) => (
            <th key={i} colSpan={2}>
              round {i + 1}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        <tr>
          <th>pairs · last loss</th>
          <td>—</td>
          {run.steps.slice(0, rounds.length).map((step, i) => (
            <td key={i} colSpan={2} data-testid={`round-pairs-${i + 1}`}>
              {step.pairs?.length ?? '—'} pairs · {step.logs.at(-1)?.loss.toFixed(4) ?? '—'}
            </td>
          ))}
        </tr>
        {DELTA_FIGURES.map((figure) => (
          <tr key={figure.key} data-testid={`round-row-${figure.key}`}>
            <th>{figure.label}</th>
            <td>{percent(figure.value(base))}</td>
            {rounds.map((summary, i) => {
              const delta = run.steps[i]?.compared?.delta[figure.key];
              return [
                <td key={`v${i}`}>{summary ? percent(figure.value(summary)) : '—'}</td>,
                <td key={`d${i}`} className={delta ? `delta ${deltaVerdict(delta, figure.lowerIsBetter)}` : ''}>
                  {delta ? formatDelta(delta) : '—'}
                </td>,
              ];
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
