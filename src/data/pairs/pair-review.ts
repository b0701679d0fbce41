import { database as defaultDatabase, type SelfAlignDatabase } from '../database';
import { describeStorageError } from '../storage-errors';
import type { PairReview } from './pair-records';

/** One pair's review before and after a change (undefined = not reviewed): what undo puts back. */
export interface ReviewChange {
  id: string;
  before?: PairReview;
  after?: PairReview;
}

async function writeReviews(
  entries: { id: string; review?: PairReview }[],
  db: SelfAlignDatabase,
): Promise<ReviewChange[]> {
  try {
    return await db.transaction('rw', db.pairs, async () => {
      const changes: ReviewChange[] = [];
      for (const { id, review } of entries) {
        const pair = await db.pairs.get(id);
        if (!pair) continue;
        await db.pairs.update(id, { review });
        changes.push({ id, before: pair.review, after: review });
      }
      return changes;
    });
  } catch (error) {
    throw new Error(describeStorageError(error, entries.length === 1 ? 'the decision' : 'the decisions'));
  }
}

/** Stores decisions on pairs, all or none, and returns what they replaced. */
export function saveReviews(
  entries: { id: string; review: PairReview }[],
  db: SelfAlignDatabase = defaultDatabase,
): Promise<ReviewChange[]> {
  return writeReviews(entries, db);
}

/** Puts back the reviews a change replaced. */
export function undoReviews(changes: ReviewChange[], db: SelfAlignDatabase = defaultDatabase): Promise<ReviewChange[]> {
  return writeReviews(
    changes.map(({ id, before }) => ({ id, review: before })),
    db,
  );
}
