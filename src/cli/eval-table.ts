import type { EvalSummary } from '../data/evals';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The eval summary as a readable table. */
export function formatEvalTable(s: EvalSummary): string {
  const rows: [string, string][] = [
    ['model', s.model + (s.adapter ? ` + ${s.adapter.name} (sha256 ${s.adapter.sha256.slice(0, 12)})` : '')],
    ...(s.dtype || s.device ? [['dtype / device', `${s.dtype ?? '?'} / ${s.device ?? '?'}`] as [string, string]] : []),
    ['test scenes (n) / seed', `${s.n} / ${s.seed}`],
    ['CHAIR_i (hallucinated mentions)', pct(s.chair.i)],
    ['CHAIR_s (answers with a hallucination)', pct(s.chair.s)],
    ['attribute errors', pct(s.attr_error)],
    ...(['random', 'popular', 'adversarial'] as const).map((split): [string, string] => {
      const p = s.pope[split];
      return [
        `POPE ${split}`,
        `acc ${pct(p.acc)}  P ${pct(p.precision)}  R ${pct(p.recall)}  F1 ${pct(p.f1)}  yes ${pct(p.yes_ratio)}`,
      ];
    }),
    [
      'QA colour / count / position / relation',
      [s.qa.color, s.qa.count, s.qa.position, s.qa.relation].map(pct).join(' / '),
    ],
    ['critic accuracy', pct(s.critic.accuracy)],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
}
