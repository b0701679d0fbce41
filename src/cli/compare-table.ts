import type { ResultComparison } from '../evaluation';

const pts = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}`;

/** A comparison as a readable table: each delta in percentage points with its 95% interval. */
export function formatComparison(c: ResultComparison): string {
  const name = (s: ResultComparison['first']) => s.model + (s.adapter ? ` + ${s.adapter.name}` : '');
  const rows: [string, string][] = [
    ['compared', `${name(c.second)} − ${name(c.first)} on ${c.n} scenes`],
    ...Object.entries(c.delta).map(([key, d]): [string, string] => [
      key,
      `${pts(d.value)} pts  [${pts(d.ci95[0])}, ${pts(d.ci95[1])}]`,
    ]),
    [
      'descriptions',
      `${c.changed.fixed.length} hallucination fixed, ${c.changed.introduced.length} introduced, ${c.changed.unchanged} unchanged`,
    ],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
}
