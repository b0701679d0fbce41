import { useShallow } from 'zustand/react/shallow';
import { useEffect, useState } from 'react';
import { useMethodsStore } from '../../state/methods-store';

/** Items done, throughput and time left of the run in progress. */
export function MethodRunProgress() {
  const {
    done,
    total: reported,
    n,
    source,
    startedAt,
  } = useMethodsStore(useShallow(({ done, total, n, source, startedAt }) => ({ done, total, n, source, startedAt })));
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
  return (
    <div className="progress" data-testid="method-progress">
      <div className="progress-label">
        <span>
          {done} / {total || '…'} items{perMinute !== undefined && ` · ${perMinute.toFixed(1)} items/min`}
        </span>
        <span>{left !== undefined ? `about ${Math.ceil(left * 60)} s left` : 'starting…'}</span>
      </div>
      <div
        className="progress-track"
        role="progressbar"
        aria-valuenow={total ? Math.round((100 * done) / total) : 0}
        aria-valuemin={0}
        aria-valuemax={100}
      >
        <div className="progress-fill" style={{ width: `${total ? (100 * done) / total : 0}%` }} />
      </div>
    </div>
  );
}
