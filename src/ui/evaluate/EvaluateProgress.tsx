import { useShallow } from 'zustand/react/shallow';
import { useEvaluateStore } from '../../state/evaluate-store';
import { ProgressMeter } from '../common/ProgressBar';

/** Scenes answered so far and the time left of the evaluation in progress. */
export function EvaluateProgress() {
  const { done, total, n, startedAt } = useEvaluateStore(
    useShallow(({ done, total, n, startedAt }) => ({ done, total, n, startedAt })),
  );
  const elapsed = (Date.now() - startedAt) / 1000;
  const eta = done > 0 ? (elapsed / done) * (total - done) : undefined;
  return (
    <ProgressMeter
      testId="eval-progress"
      fraction={total ? done / total : 0}
      left={
        <span>
          {done} / {total || n} scenes
        </span>
      }
      right={eta !== undefined ? `ETA ${Math.ceil(eta)} s` : 'starting…'}
    />
  );
}
