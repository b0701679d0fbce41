import { byteLevelWords } from './byte-level';

export interface BpeTraining {
  /** Merges in the order learned, as "left right" (tokenizer.json's format). */
  merges: string[];
}

function countWords(texts: string[]): Map<string, { symbols: string[]; count: number }> {
  const words = new Map<string, { symbols: string[]; count: number }>();
  for (const text of texts) {
    for (const symbols of byteLevelWords(text)) {
      const key = symbols.join('');
      const entry = words.get(key);
      if (entry) entry.count++;
      else words.set(key, { symbols, count: 1 });
    }
  }
  return words;
}

/**
 * Learns byte-level BPE merges: repeatedly merge the most frequent adjacent pair (ties: the
 * lexicographically smallest pair, so training is deterministic) until `maxMerges` or no pair
 * occurs at least `minCount` times.
 */
export function trainBpe(texts: string[], options: { maxMerges: number; minCount?: number }): BpeTraining {
  const words = [...countWords(texts).values()];
  const merges: string[] = [];
  const minCount = options.minCount ?? 2;
  while (merges.length < options.maxMerges) {
    const pairs = new Map<string, number>();
    for (const { symbols, count } of words) {
      for (let i = 0; i + 1 < symbols.length; i++) {
        const pair = `${symbols[i]} ${symbols[i + 1]}`;
        pairs.set(pair, (pairs.get(pair) ?? 0) + count);
      }
    }
    let best: string | undefined;
    let bestCount = 0;
    for (const [pair, count] of pairs) {
      if (count > bestCount || (count === bestCount && best !== undefined && pair < best)) {
        best = pair;
        bestCount = count;
      }
    }
    if (!best || bestCount < minCount) break;
    merges.push(best);
    const [left, right] = best.split(' ');
    for (const word of words) {
      const merged: string[] = [];
      for (let i = 0; i < word.symbols.length; i++) {
        if (i + 1 < word.symbols.length && word.symbols[i] === left && word.symbols[i + 1] === right) {
          merged.push(left + right);
          i++;
        } else {
          merged.push(word.symbols[i]);
        }
      }
      word.symbols = merged;
    }
  }
  return { merges };
}
