// Critic agreement: does the verdict name the response known to be better?
import { ratio } from './ratio';

/**
 * SIMA's verdict parsing: the text after the last "[[" up to "]]"; "1" or "2", anything else null
 * (the pair is dropped).
 */
export function parseCriticVerdict(text: string): 1 | 2 | null {
  const open = text.lastIndexOf('[[');
  if (open < 0) return null;
  const close = text.indexOf(']]', open + 2);
  if (close < 0) return null;
  const inside = text.slice(open + 2, close);
  return inside === '1' ? 1 : inside === '2' ? 2 : null;
}

export interface CriticScore {
  correct: number;
  total: number;
  /** Correct verdicts / all items; an unparsed verdict counts as wrong. */
  accuracy: number;
  unparsed: number;
}

export function scoreCritic(items: readonly { response: string; better: 1 | 2 }[]): CriticScore {
  let correct = 0;
  let unparsed = 0;
  for (const { response, better } of items) {
    const verdict = parseCriticVerdict(response);
    if (verdict === null) unparsed++;
    else if (verdict === better) correct++;
  }
  return { correct, total: items.length, accuracy: ratio(correct, items.length), unparsed };
}
