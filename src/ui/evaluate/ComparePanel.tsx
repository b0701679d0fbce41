import { useQuery } from '@tanstack/react-query';
import type { EvalRunRecord } from '../../data/records';
import { runtimeClient } from '../../workers/runtime-client';
import { ErrorLine } from '../common/ErrorLine';
import { PairedTable } from './PairedTable';
import { adapterLabel, resultLabel } from './result-labels';

/**
 * "Compare with" an earlier result: the paired table of the two (the earlier one first), computed
 * in the runtime worker; two results on different scenes, or one without per-scene counts, get the
 * sentence why instead.
 */
export function ComparePanel({
  run,
  runs,
  compareWithId,
  onPick,
}: {
  run: EvalRunRecord;
  runs: readonly EvalRunRecord[];
  compareWithId?: string;
  onPick: (id: string | undefined) => void;
}) {
  const others = runs.filter((r) => r.id !== run.id);
  const other = others.find((r) => r.id === compareWithId);
  const compared = useQuery({
    queryKey: ['compare-results', other?.id, run.id],
    queryFn: () => runtimeClient().compareResults(other!.summary, run.summary),
    enabled: !!other,
    staleTime: Infinity,
    retry: false,
  });
  if (others.length === 0) return null;
  return (
    <div className="compare-panel">
      <div className="row">
        <label>
          Compare with
          <select
            value={other?.id ?? ''}
            onChange={(e) => onPick(e.target.value || undefined)}
            data-testid="eval-compare-with"
          >
            <option value="">nothing</option>
            {others.map((r) => (
              <option key={r.id} value={r.id}>
                {resultLabel(r)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {other && compared.isPending && <p className="muted">Comparing…</p>}
      {other && compared.error && <ErrorLine message={compared.error.message} />}
      {other && compared.data && (
        <PairedTable
          first={other.summary}
          second={run.summary}
          firstTitle={adapterLabel(other.summary)}
          secondTitle={adapterLabel(run.summary)}
          comparison={compared.data}
        />
      )}
    </div>
  );
}
