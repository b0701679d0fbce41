import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { PairRecord } from './pair-records';
import { SelfAlignDatabase } from '../database';
import { savePairs } from './pair-store';

const pair = (id: string, chosen: string, extra: Partial<PairRecord> = {}): PairRecord => ({
  id,
  method: 'sima',
  model: 'shapes-vlm',
  prompt: 'Describe the image.',
  image: { scene: { split: 'train', seed: 1, index: 0 } },
  chosen,
  rejected: 'A green star.',
  ...extra,
});

let db: SelfAlignDatabase | undefined;
afterEach(async () => {
  await db?.delete();
});

describe('savePairs', () => {
  it('skips a pair that says what a stored pair says, keeping the stored review', async () => {
    db = new SelfAlignDatabase(`pairs-${crypto.randomUUID()}`);
    await savePairs([pair('a', 'A red circle.', { review: { status: 'swapped' } })], {}, db);
    const again = await savePairs(
      [pair('b', 'A red circle.', { evidence: { method: 'sima' } }), pair('c', 'A blue square.')],
      {},
      db,
    );
    expect(again).toEqual({ added: 1, replaced: 0, duplicates: 1 });
    expect((await db.pairs.get('a'))?.review?.status).toBe('swapped');
    expect(await db.pairs.get('b')).toBeUndefined();
    expect(await db.pairs.count()).toBe(2);
  });

  it('gives a new pair with a taken id its own id; an import replaces the pair with that id', async () => {
    db = new SelfAlignDatabase(`pairs-${crypto.randomUUID()}`);
    await savePairs([pair('a', 'A red circle.')], {}, db);
    await savePairs([pair('a', 'A blue square.')], {}, db);
    const ids = (await db.pairs.toArray()).map((p) => p.id).sort();
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe('a');
    expect(ids[1]).toMatch(/^a-[0-9a-f]{8}$/);

    const imported = await savePairs(
      [pair('a', 'A red circle.', { review: { status: 'tie' } })],
      { replaceSameId: true },
      db,
    );
    expect(imported).toEqual({ added: 0, replaced: 1, duplicates: 0 });
    expect((await db.pairs.get('a'))?.review?.status).toBe('tie');
  });

  it('stores a batch with repeats once', async () => {
    db = new SelfAlignDatabase(`pairs-${crypto.randomUUID()}`);
    expect(await savePairs([pair('a', 'A red circle.'), pair('b', 'A red circle.')], {}, db)).toEqual({
      added: 1,
      replaced: 0,
      duplicates: 1,
    });
  });
});
