import type { PairRecord } from './pair-records';

/**
 * A key for what a pair says: its model, method, image, prompt and two answers. Two runs that make
 * the same pair (same seed, or answers that happen to repeat) give the same key; the review, the
 * evidence and the id do not count. FNV-1a over the JSON, 64 bits as two 32-bit halves.
 */
export function pairContentKey(
  pair: Pick<PairRecord, 'model' | 'method' | 'image' | 'prompt' | 'chosen' | 'rejected'>,
): string {
  const text = JSON.stringify([pair.model ?? '', pair.method, pair.image, pair.prompt, pair.chosen, pair.rejected]);
  let low = 0x811c9dc5;
  let high = 0xcbf29ce4;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    low = Math.imul(low ^ code, 0x01000193) >>> 0;
    high = Math.imul(high ^ code ^ (low >>> 13), 0x01000193) >>> 0;
  }
  return high.toString(16).padStart(8, '0') + low.toString(16).padStart(8, '0');
}
