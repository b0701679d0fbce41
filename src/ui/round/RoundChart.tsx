import type { Ref } from 'react';
import type { EvalSummary } from '../../data/evals';
import { DELTA_FIGURES } from '../evaluate/delta-figures';

/** The figures drawn over rounds, each with its colour. */
const SERIES = [
  { key: 'chair_i', color: '#d9480f' },
  { key: 'chair_s', color: '#f59f00' },
  { key: 'pope_adversarial_f1', color: '#1971c2' },
  { key: 'qa_color', color: '#2f9e44' },
] as const;

const W = 420;
const H = 220;
const PAD = { left: 40, right: 140, top: 12, bottom: 30 };

/**
 * A line per figure over rounds (0 = the base model), in SVG with its styles inline, so the same
 * element is what "Export report" draws onto a canvas for the PNG.
 */
export function RoundChart({ summaries, svgRef }: { summaries: EvalSummary[]; svgRef?: Ref<SVGSVGElement> }) {
  const x = (i: number) =>
    PAD.left + (summaries.length > 1 ? (i / (summaries.length - 1)) * (W - PAD.left - PAD.right) : 0);
  const y = (v: number) => PAD.top + (1 - v) * (H - PAD.top - PAD.bottom);
  return (
    <svg
      ref={svgRef}
      xmlns="http://www.w3.org/2000/svg"
      width={W}
      height={H}
      viewBox={`0 0 ${W} ${H}`}
      className="round-chart"
      data-testid="round-chart"
      data-points={summaries.length}
      style={{ background: '#fff', fontFamily: 'sans-serif', fontSize: 11 }}
    >
      <rect x={0} y={0} width={W} height={H} fill="#fff" />
      {[0, 0.25, 0.5, 0.75, 1].map((v) => (
        <g key={v}>
          <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} stroke="#e5e5e5" />
          <text x={PAD.left - 6} y={y(v) + 4} textAnchor="end" fill="#555">
            {Math.round(v * 100)}%
          </text>
        </g>
      ))}
      {summaries.map((_, i) => (
        <text key={i} x={x(i)} y={H - 10} textAnchor="middle" fill="#555">
          {i === 0 ? 'base' : `round ${i}`}
        </text>
      ))}
      {SERIES.map(({ key, color }, row) => {
        const figure = DELTA_FIGURES.find((f) => f.key === key)!;
        const points = summaries.map((s, i) => [x(i), y(figure.value(s) ?? 0)] as const);
        return (
          <g key={key}>
            <polyline
              points={points.map(([px, py]) => `${px},${py}`).join(' ')}
              fill="none"
              stroke={color}
              strokeWidth={2}
            />
            {points.map(([px, py], i) => (
              <circle key={i} cx={px} cy={py} r={3} fill={color} />
            ))}
            <line
              x1={W - PAD.right + 12}
              x2={W - PAD.right + 28}
              y1={PAD.top + 8 + row * 18}
              y2={PAD.top + 8 + row * 18}
              stroke={color}
              strokeWidth={2}
            />
            <text x={W - PAD.right + 32} y={PAD.top + 12 + row * 18} fill="#222">
              {figure.label}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
