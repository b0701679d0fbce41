import type { StoredPair } from '../../data/records';
import { DECIDED_STATUSES, REVIEW_STATUSES, reviewStatusOf } from '../../data/pairs/pair-records';
import { useReviewStore } from '../../state/review-store';
import { methodName } from '../../data/labels';

/** Counts per status, the annotator's pace this session, and how often the annotator kept each method's pick. */
export function ReviewProgress({ pairs }: { pairs: readonly StoredPair[] }) {
  const decidedAt = useReviewStore((s) => s.decidedAt);
  const bulkThisSession = useReviewStore((s) => s.bulkAccepted);
  let bulk = 0;
  const counts = Object.fromEntries(REVIEW_STATUSES.map((status) => [status, 0])) as Record<string, number>;
  const agreement = new Map<string, { kept: number; decided: number }>();
  for (const pair of pairs) {
    const status = reviewStatusOf(pair);
    counts[status]!++;
    if (!DECIDED_STATUSES.includes(status)) continue;
    if (pair.review?.bulk) {
      bulk++;
      continue;
    }
    const entry = agreement.get(pair.method) ?? { kept: 0, decided: 0 };
    entry.decided++;
    if (status === 'accepted') entry.kept++;
    agreement.set(pair.method, entry);
  }
  const minutes = decidedAt.length > 1 ? (decidedAt.at(-1)! - decidedAt[0]!) / 60_000 : 0;
  return (
    <div className="muted" data-testid="review-progress">
      <p>
        {REVIEW_STATUSES.map((status) => `${status} ${counts[status]}`).join(' · ')}
        {' · '}this session {decidedAt.length} decisions
        {minutes > 0 && `, ${(decidedAt.length / minutes).toFixed(1)}/min`}
        {bulkThisSession > 0 && ` (and ${bulkThisSession} accepted in bulk)`}
      </p>
      {bulk > 0 && (
        <p data-testid="bulk-accepted">
          {bulk} pair{bulk === 1 ? '' : 's'} accepted in bulk ("Accept suggestions"), not counted in agreement or pace
        </p>
      )}
      {agreement.size > 0 && (
        <p data-testid="critic-agreement">
          Annotator kept the method's pick (decisions made one by one):{' '}
          {[...agreement]
            .map(
              ([method, { kept, decided }]) =>
                `${methodName(method)} ${((100 * kept) / decided).toFixed(1)}% of ${decided}`,
            )
            .join(' · ')}{' '}
          (SIMA reports 89.8% human agreement for its critic)
        </p>
      )}
    </div>
  );
}
