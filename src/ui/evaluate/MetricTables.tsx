import type { MetricKey } from '../../state/evaluate-store';
import type { EvalSummary } from '../../data/evals';

/** A fraction as a percentage; a figure an older stored result lacks reads '—'. */
const pct = (x: number | undefined) => (typeof x === 'number' ? `${(x * 100).toFixed(1)}%` : '—');

function Cell({
  metric,
  value,
  onPick,
  active,
}: {
  metric: MetricKey;
  value: number | undefined;
  onPick: (m: MetricKey) => void;
  active: boolean;
}) {
  return (
    <td>
      <button
        className={`link metric ${active ? 'active' : ''}`}
        onClick={() => onPick(metric)}
        data-testid={`metric-${metric}`}
        title="Show the items behind this figure"
      >
        {pct(value)}
      </button>
    </td>
  );
}

/** The evaluation's figures; click one to list the items behind it. */
export function MetricTables({
  summary,
  picked,
  onPick,
}: {
  summary: EvalSummary;
  picked?: MetricKey;
  onPick: (m: MetricKey) => void;
}) {
  const cell = (metric: MetricKey, value: number | undefined) => (
    <Cell metric={metric} value={value} onPick={onPick} active={picked === metric} />
  );
  return (
    <div className="metric-tables">
      <table className="metrics" data-testid="chair-table">
        <caption>Hallucination in descriptions (CHAIR)</caption>
        <thead>
          <tr>
            <th>CHAIR_i</th>
            <th>CHAIR_s</th>
            <th>attribute errors</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            {cell('chair', summary.chair?.i)}
            {cell('chair', summary.chair?.s)}
            {cell('attr', summary.attr_error)}
          </tr>
        </tbody>
      </table>
      <table className="metrics" data-testid="pope-table">
        <caption>POPE (3 yes + 3 no per image)</caption>
        <thead>
          <tr>
            <th>split</th>
            <th>accuracy</th>
            <th>precision</th>
            <th>recall</th>
            <th>F1</th>
            <th>yes ratio</th>
          </tr>
        </thead>
        <tbody>
          {(['random', 'popular', 'adversarial'] as const).map((split) => {
            const p: Partial<EvalSummary['pope'][typeof split]> = summary.pope?.[split] ?? {};
            return (
              <tr key={split}>
                <th>{split}</th>
                {cell(`pope:${split}`, p.acc)}
                {cell(`pope:${split}`, p.precision)}
                {cell(`pope:${split}`, p.recall)}
                {cell(`pope:${split}`, p.f1)}
                {cell(`pope:${split}`, p.yes_ratio)}
              </tr>
            );
          })}
        </tbody>
      </table>
      <table className="metrics" data-testid="qa-table">
        <caption>Question answering and critic</caption>
        <thead>
          <tr>
            <th>colour</th>
            <th>count</th>
            <th>position</th>
            <th>relation</th>
            <th>critic</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            {cell('qa:colour', summary.qa?.color)}
            {cell('qa:count', summary.qa?.count)}
            {cell('qa:position', summary.qa?.position)}
            {cell('qa:relation', summary.qa?.relation)}
            {cell('critic', summary.critic?.accuracy)}
          </tr>
        </tbody>
      </table>
    </div>
  );
}
