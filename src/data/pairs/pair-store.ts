import { database as defaultDatabase, type SelfAlignDatabase } from '../database';
import { pairContentKey } from './pair-content-key';
import type { StoredPair } from '../records';
import { describeStorageError } from '../storage-errors';
import type { PairRecord } from './pair-records';

export interface SaveSummary {
  added: number;
  /** Pairs whose id was stored already and that replaced it (imports only). */
  replaced: number;
  /** Pairs that say what a stored pair says already: skipped, so its review is kept. */
  duplicates: number;
}

export interface SaveOptions {
  replaceSameId?: boolean;
  runId?: string;
}

/**
 * Stores pairs, skipping any whose content is stored already. A method's pair whose id is taken by
 * a different pair gets a suffixed id; an imported file's pair replaces the stored pair with its id
 * (the file is the newer word on it, review included). Runs inside the caller's transaction, which
 * must include the pairs table; errors are left to the caller to describe once.
 */
export async function storePairs(
  db: SelfAlignDatabase,
  pairs: PairRecord[],
  options: SaveOptions = {},
): Promise<SaveSummary> {
  const summary: SaveSummary = { added: 0, replaced: 0, duplicates: 0 };
  const now = Date.now();
  const keysInBatch = new Set<string>();
  for (const pair of pairs) {
    const contentKey = pairContentKey(pair);
    const sameId = await db.pairs.get(pair.id);
    if (options.replaceSameId && sameId) {
      await db.pairs.put({ ...pair, contentKey, createdAt: sameId.createdAt });
      summary.replaced++;
      continue;
    }
    if (keysInBatch.has(contentKey) || (await db.pairs.where('contentKey').equals(contentKey).count()) > 0) {
      summary.duplicates++;
      continue;
    }
    keysInBatch.add(contentKey);
    const id = sameId ? `${pair.id}-${contentKey.slice(0, 8)}` : pair.id;
    await db.pairs.add({
      ...pair,
      id,
      contentKey,
      ...(options.runId ? { runId: options.runId } : {}),
      createdAt: now,
    } satisfies StoredPair);
    summary.added++;
  }
  return summary;
}

/** storePairs in a transaction of its own, all or nothing; a failure stores none and is one sentence. */
export async function savePairs(
  pairs: PairRecord[],
  options: SaveOptions = {},
  db: SelfAlignDatabase = defaultDatabase,
): Promise<SaveSummary> {
  try {
    return await db.transaction('rw', db.pairs, () => storePairs(db, pairs, options));
  } catch (error) {
    throw new Error(describeStorageError(error, pairs.length === 1 ? 'the pair' : 'the pairs'));
  }
}
