import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { axisWidth } from './chart-axis';

/** One live series against the step, drawn with uPlot; hovering shows the step and value under the cursor. */
export function LineChart({
  title,
  steps,
  values,
  color,
  testId,
}: {
  title: string;
  steps: number[];
  values: number[];
  color: string;
  testId: string;
}) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);

  useEffect(() => {
    if (!container.current) return;
    chart.current = new uPlot(
      {
        title,
        width: 300,
        height: 170,
        // The legend under the chart shows the step and value under the cursor.
        legend: { show: true, live: true },
        scales: { x: { time: false } },
        axes: [{ label: 'step', size: 30 }, { size: (_chart, labels) => axisWidth(labels) }],
        series: [{}, { label: title, stroke: color, width: 2 }],
      },
      [[], []],
      container.current,
    );
    return () => chart.current?.destroy();
  }, [title, color]);

  useEffect(() => {
    chart.current?.setData([steps, values]);
  }, [steps, values]);

  return <div ref={container} className="chart" data-testid={testId} data-points={steps.length} />;
}
