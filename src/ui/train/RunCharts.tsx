import { useMemo } from 'react';
import type { DpoStepLog } from '../../engine/dpo/dpo-trainer';
import { LineChart } from './LineChart';

/** Loss, reward margin and reward accuracy per step. */
export function RunCharts({ logs }: { logs: DpoStepLog[] }) {
  const series = useMemo(
    () => ({
      steps: logs.map((l) => l.step),
      loss: logs.map((l) => l.loss),
      margin: logs.map((l) => l.margin),
      accuracy: logs.map((l) => l.accuracy),
    }),
    [logs],
  );
  return (
    <div className="charts">
      <LineChart title="loss" steps={series.steps} values={series.loss} color="#3a5bd9" testId="chart-loss" />
      <LineChart
        title="rewards/margins"
        steps={series.steps}
        values={series.margin}
        color="#1e7b3a"
        testId="chart-margin"
      />
      <LineChart
        title="rewards/accuracies"
        steps={series.steps}
        values={series.accuracy}
        color="#b5651d"
        testId="chart-accuracy"
      />
    </div>
  );
}
