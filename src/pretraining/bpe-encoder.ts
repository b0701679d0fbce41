/**
 * Encodes text with a byte-level BPE vocabulary (`byteLevelVocab`) the way Hugging Face tokenizers
 * (and transformers.js) do for our tokenizer.json: special tokens are cut out first, each piece
 * between them is pre-tokenized with GPT-2's regex, spelled in byte symbols, and merged by rank.
 */
import { byteLevelWords } from '../engine/tokenizer/byte-level';
import type { ByteLevelVocab } from '../engine/tokenizer/tokenizer-files';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Returns `encode(text) → ids`; results for repeated words are cached. */
export function bpeEncoder(v: ByteLevelVocab): (text: string) => number[] {
  const ranks = new Map(v.merges.map((merge, rank) => [merge, rank]));
  const special = [...v.specialTokens].sort((a, b) => b.length - a.length);
  const splitter = special.length ? new RegExp(`(${special.map(escapeRegExp).join('|')})`) : undefined;
  const specialSet = new Set(special);
  const cache = new Map<string, number[]>();

  const encodeWord = (symbols: string[]): number[] => {
    const key = symbols.join('');
    const hit = cache.get(key);
    if (hit) return hit;
    let parts = symbols;
    for (;;) {
      let best = -1;
      let bestRank = Infinity;
      for (let i = 0; i + 1 < parts.length; i++) {
        const rank = ranks.get(`${parts[i]} ${parts[i + 1]}`);
        if (rank !== undefined && rank < bestRank) {
          bestRank = rank;
          best = i;
        }
      }
      if (best < 0) break;
      const [left, right] = v.merges[bestRank]!.split(' ');
      const merged: string[] = [];
      for (let i = 0; i < parts.length; i++) {
        if (i + 1 < parts.length && parts[i] === left && parts[i + 1] === right) {
          merged.push(left! + right!);
          i++;
        } else merged.push(parts[i]!);
      }
      parts = merged;
    }
    const ids = parts.map((part) => v.id(part));
    cache.set(key, ids);
    return ids;
  };

  return (text: string) => {
    const pieces = splitter ? text.split(splitter) : [text];
    const ids: number[] = [];
    for (const piece of pieces) {
      if (!piece) continue;
      if (specialSet.has(piece)) ids.push(v.id(piece));
      else for (const word of byteLevelWords(piece)) ids.push(...encodeWord(word));
    }
    return ids;
  };
}
