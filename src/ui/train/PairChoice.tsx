import { useShallow } from 'zustand/react/shallow';
import { REVIEW_STATUSES, reviewStatusOf, type PairRecord, type ReviewStatus } from '../../data/pairs/pair-records';
import { useTrainStore } from '../../state/train-store';
import type { ChosenPairs } from './chosen-pairs';
import { methodName } from '../../data/labels';

/** Which pairs a run trains on: one method's or all, by review status, and how many that gives. */
export function PairChoice({
  pairs,
  chosen,
  disabled,
}: {
  pairs: readonly PairRecord[];
  chosen: ChosenPairs;
  disabled: boolean;
}) {
  const { methodFilter, statusFilter, setMethodFilter, setStatusFilter } = useTrainStore(
    useShallow(({ methodFilter, statusFilter, setMethodFilter, setStatusFilter }) => ({
      methodFilter,
      statusFilter,
      setMethodFilter,
      setStatusFilter,
    })),
  );
  const methods = [...new Set(pairs.map((p) => p.method))].sort();
  const ofMethod = methodFilter ? pairs.filter((p) => p.method === methodFilter) : pairs;
  const countOf = (status: ReviewStatus) => ofMethod.filter((p) => reviewStatusOf(p) === status).length;
  const toggle = (status: ReviewStatus, on: boolean) =>
    setStatusFilter(REVIEW_STATUSES.filter((s) => (s === status ? on : statusFilter.includes(s))));
  return (
    <fieldset className="controls row" disabled={disabled}>
      <label>
        Train on
        <select value={methodFilter} onChange={(e) => setMethodFilter(e.target.value)} data-testid="train-method">
          <option value="">all methods' pairs</option>
          {methods.map((m) => (
            <option key={m} value={m}>
              {methodName(m)} pairs
            </option>
          ))}
        </select>
      </label>
      <span className="row">
        Review status:
        {REVIEW_STATUSES.map((status) => (
          <label key={status} className="checkbox">
            <input
              type="checkbox"
              checked={statusFilter.includes(status)}
              onChange={(e) => toggle(status, e.target.checked)}
              data-testid={`train-status-${status}`}
            />
            {status} ({countOf(status)})
          </label>
        ))}
      </span>
      <span className={chosen.pairs ? undefined : 'muted'} data-testid="train-choice">
        {chosen.pairs ? `${chosen.pairs.length} pair${chosen.pairs.length === 1 ? '' : 's'} chosen` : chosen.problem}
      </span>
    </fieldset>
  );
}
