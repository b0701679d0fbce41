import { useShallow } from 'zustand/react/shallow';
import { useEffect, useState } from 'react';
import { useMethodsStore } from '../../state/methods-store';
import { ProgressMeter } from '../common/ProgressBar';

/** Items done, throughput and time left of the run in progress. */
export function MethodRunProgress() {
  const {
    done,
    total: reported,
    n,
    source,
    startedAt,
    calibration,
  } = useMethodsStore(
    useShallow(({ done, total, n, source, startedAt, calibration }) => ({
      done,
      total,
      n,
      source,
      startedAt,
      calibration,
    })),
  );
  // Until the worker reports, the total is known only for scenes.
  const total = reported || (source === 'scenes' ? n : 0);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const minutes = (now - startedAt) / 60_000;
  const perMinute = done > 0 && minutes > 0 ? done / minutes : undefined;
  const left = perMinute && total ? (total - done) / perMinute : undefined;
  if (calibration)
    return (
      <ProgressMeter
        testId="method-progress"
        fraction={calibration.total ? calibration.done / calibration.total : 0}
        left={
          <span data-testid="method-calibrating">
            Calibrating FiSAO on {calibration.total} shapes scenes (once per model and adapter) · {calibration.done} /{' '}
            {calibration.total}
          </span>
        }
        right={`then ${total || '…'} items`}
      />
    );
  return (
    <ProgressMeter
      testId="method-progress"
      fraction={total ? done / total : 0}
      left={
        <span>
          {done} / {total || '…'} items{perMinute !== undefined && ` · ${perMinute.toFixed(1)} items/min`}
        </span>
      }
      right={left !== undefined ? `about ${Math.ceil(left * 60)} s left` : 'starting…'}
    />
  );
}
