import type { EvalSummary } from '../../data/evals';
import type { ResultComparison } from '../../evaluation/compare-results';
import './paired.css';
import { deltaVerdict, DELTA_FIGURES, formatDelta, percent } from './delta-figures';

/**
 * Two results on the same scenes, figure by figure: the first, the second and second − first with
 * its 95% paired-bootstrap interval; below, how many scenes' descriptions lost a hallucination
 * (fixed), gained one (introduced) or kept as many (unchanged).
 */
export function PairedTable({
  first,
  second,
  firstTitle,
  secondTitle,
  comparison,
}: {
  first: EvalSummary;
  second: EvalSummary;
  firstTitle: string;
  secondTitle: string;
  comparison: ResultComparison;
}) {
  const { fixed, introduced, unchanged } = comparison.changed;
  return (
    <div>
      <table className="metrics paired" data-testid="paired-table">
        <caption>
          Paired on {comparison.n} scenes: Δ = {secondTitle} − {firstTitle}, 95% bootstrap interval
        </caption>
        <thead>
          <tr>
            <th>figure</th>
            <th>{firstTitle}</th>
            <th>{secondTitle}</th>
            <th>Δ (95% CI)</th>
          </tr>
        </thead>
        <tbody>
          {DELTA_FIGURES.map((figure) => {
            const delta = comparison.delta[figure.key];
            return (
              <tr key={figure.key} data-testid={`paired-${figure.key}`}>
                <th>{figure.label}</th>
                <td>{percent(figure.value(first))}</td>
                <td>{percent(figure.value(second))}</td>
                <td className={`delta ${deltaVerdict(delta, figure.lowerIsBetter)}`}>{formatDelta(delta)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p data-testid="paired-changed">
        Scenes: {fixed.length} fixed · {introduced.length} introduced · {unchanged} unchanged
      </p>
    </div>
  );
}
