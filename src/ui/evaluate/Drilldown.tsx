import { useState, type ReactNode } from 'react';
import type { MetricKey } from '../../state/evaluate-store';
import { MarkedDescription } from './MarkedDescription';
import { GroundTruth, SceneImage } from './SceneImage';
import type { EvalItemResult } from '../../data/evals';

interface Row {
  item: EvalItemResult;
  ok: boolean;
  body: ReactNode;
}

const pageSize = 40;

function rowsFor(metric: MetricKey, items: EvalItemResult[]): Row[] {
  if (metric === 'chair' || metric === 'attr') {
    return items.map((item) => ({
      item,
      ok:
        metric === 'chair'
          ? !item.chair.hasHallucination
          : item.chair.mentions.every((m) => m.verdict !== 'attribute-error'),
      body: <MarkedDescription text={item.description} chair={item.chair} />,
    }));
  }
  if (metric === 'critic') {
    return items.map((item) => ({
      item,
      ok: item.critic.correct,
      body: (
        <p>
          Better response: [[{item.critic.better}]] · verdict:{' '}
          {item.critic.verdict ? `[[${item.critic.verdict}]]` : 'none'}
          <br />
          <span className="muted">{item.critic.response || '(empty answer)'}</span>
        </p>
      ),
    }));
  }
  const [kind, name] = metric.split(':');
  return items.flatMap((item) =>
    kind === 'pope'
      ? item.pope
          .filter((p) => p.question.split === name)
          .map((p) => ({
            item,
            ok: p.correct,
            body: (
              <p>
                {p.question.text} → <strong>{p.said}</strong> (truth: {p.question.answer}){' '}
                <span className="muted">“{p.response}”</span>
              </p>
            ),
          }))
      : item.qa
          .filter((q) => q.question.type === name)
          .map((q) => ({
            item,
            ok: q.correct,
            body: (
              <p>
                {q.question.text} → “{q.response}” (truth: {q.question.answer})
              </p>
            ),
          })),
  );
}

/** The items behind one figure: errors first, each with its image, answer and ground truth. */
export function Drilldown({ metric, items }: { metric: MetricKey; items: EvalItemResult[] }) {
  const [shown, setShown] = useState(pageSize);
  const rows = rowsFor(metric, items).sort((a, b) => Number(a.ok) - Number(b.ok));
  const wrong = rows.filter((r) => !r.ok).length;
  return (
    <section className="card drilldown" data-testid="drilldown">
      <h3>
        {metric}: {wrong} of {rows.length} wrong
      </h3>
      <ul className="plain">
        {rows.slice(0, shown).map((row, i) => (
          <li key={i} className={`drill-row ${row.ok ? 'ok' : 'wrong'}`} data-testid="drill-row">
            <SceneImage scene={row.item.scene} />
            <div>{row.body}</div>
            <GroundTruth scene={row.item.scene} />
          </li>
        ))}
      </ul>
      {shown < rows.length && (
        <button onClick={() => setShown(shown + pageSize)}>Show {Math.min(pageSize, rows.length - shown)} more</button>
      )}
    </section>
  );
}
