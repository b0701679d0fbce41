import type { EvalSummary } from '../../data/evals';
import type { DeltaKey } from '../../evaluation/compare-results';
import type { PairedDelta } from '../../metrics/paired-bootstrap';

/** A compared figure: its name, and how it reads off a summary. */
export interface DeltaFigure {
  key: DeltaKey;
  label: string;
  /** Lower is better (CHAIR, attribute errors); else higher is. */
  lowerIsBetter: boolean;
  value(summary: EvalSummary): number | undefined;
}

/** The figures a paired comparison gives a delta for (evaluation/compare-results.ts DELTA_KEYS), in its order. */
export const DELTA_FIGURES: readonly DeltaFigure[] = [
  { key: 'chair_i', label: 'CHAIR_i', lowerIsBetter: true, value: (s) => s.chair?.i },
  { key: 'chair_s', label: 'CHAIR_s', lowerIsBetter: true, value: (s) => s.chair?.s },
  { key: 'attr_error', label: 'attribute errors', lowerIsBetter: true, value: (s) => s.attr_error },
  { key: 'pope_random_f1', label: 'POPE random F1', lowerIsBetter: false, value: (s) => s.pope?.random?.f1 },
  { key: 'pope_popular_f1', label: 'POPE popular F1', lowerIsBetter: false, value: (s) => s.pope?.popular?.f1 },
  {
    key: 'pope_adversarial_f1',
    label: 'POPE adversarial F1',
    lowerIsBetter: false,
    value: (s) => s.pope?.adversarial?.f1,
  },
  { key: 'qa_color', label: 'QA colour', lowerIsBetter: false, value: (s) => s.qa?.color },
  { key: 'qa_count', label: 'QA count', lowerIsBetter: false, value: (s) => s.qa?.count },
  { key: 'qa_position', label: 'QA position', lowerIsBetter: false, value: (s) => s.qa?.position },
  { key: 'qa_relation', label: 'QA relation', lowerIsBetter: false, value: (s) => s.qa?.relation },
];

export const percent = (x: number | undefined): string => (x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);

const points = (x: number) => `${x > 0 ? '+' : x < 0 ? '−' : '±'}${Math.abs(x * 100).toFixed(1)}`;

/** "−3.2 pts [−6.0, −0.4]": the delta in percentage points with its 95% interval. */
export function formatDelta(delta: PairedDelta): string {
  return `${points(delta.value)} pts [${points(delta.ci95[0])}, ${points(delta.ci95[1])}]`;
}

/** Whether the interval excludes 0, and which way: 'better', 'worse', or 'unclear' (0 inside). */
export function deltaVerdict(delta: PairedDelta, lowerIsBetter: boolean): 'better' | 'worse' | 'unclear' {
  const [lo, hi] = delta.ci95;
  if (lo <= 0 && hi >= 0) return 'unclear';
  return hi < 0 === lowerIsBetter ? 'better' : 'worse';
}
