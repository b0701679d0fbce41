import type { ChairDetail } from '../../metrics/chair';

/** Compare's header for one answer: "2 hallucinated objects · 1 wrong attribute". */
export function mentionCounts(chair: Pick<ChairDetail, 'mentions'>): string {
  const count = (verdict: string) => chair.mentions.filter((m) => m.verdict === verdict).length;
  const hallucinated = count('hallucinated');
  const wrong = count('attribute-error');
  return `${hallucinated} hallucinated object${hallucinated === 1 ? '' : 's'} · ${wrong} wrong attribute${wrong === 1 ? '' : 's'}`;
}
