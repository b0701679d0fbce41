import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** One live series against the step, drawn with uPlot; new points are appended without a redraw of the page. */
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
        legend: { show: false },
        scales: { x: { time: false } },
        axes: [{ label: 'step', size: 30 }, { size: 44 }],
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
