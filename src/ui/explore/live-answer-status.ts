/** Where one of the K answers is while a run streams. */
export interface LiveAnswerStatus {
  state: 'waiting' | 'decoding' | 'done';
  /** "decoding · 12 / 64 tokens", "12 / 64 tokens", "waiting for its first token", "done · 18 tokens". */
  label: string;
  /** How far along its token budget (1 when done). */
  fraction: number;
}

/**
 * The status of each of the K answers from the tokens streamed so far. The runtime decodes the K
 * answers as one batch (their tokens interleave: `parallel`), each column counting its tokens; or,
 * on the engine's decoder, one after another: the decoding one is then the last that has tokens,
 * and one is done once the next has gone past its first token.
 */
export function liveAnswerStatuses(
  tokens: readonly (readonly unknown[])[],
  maxNewTokens: number,
  parallel: boolean,
): LiveAnswerStatus[] {
  return tokens.map((answer, i) => {
    const n = answer.length;
    const fraction = Math.min(1, n / maxNewTokens);
    if (n === 0)
      return { state: 'waiting', label: i === 0 ? 'reading the image…' : 'waiting for its first token', fraction: 0 };
    if (parallel) return { state: 'decoding', label: `${n} / ${maxNewTokens} tokens`, fraction };
    if (tokens.slice(i + 1).some((later) => later.length >= 2))
      return { state: 'done', label: `done · ${n} tokens`, fraction: 1 };
    return { state: 'decoding', label: `decoding · ${n} / ${maxNewTokens} tokens`, fraction };
  });
}
