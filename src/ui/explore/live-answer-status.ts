/** Where one of the K answers is while a run streams. */
export interface LiveAnswerStatus {
  state: 'queued' | 'decoding' | 'done';
  /** "decoding · 12 / 64 tokens", "queued · starts after #2", "done · 18 tokens". */
  label: string;
  /** How far along its token budget (1 when done). */
  fraction: number;
}

/**
 * The status of each of the K answers from the tokens streamed so far. The runtime decodes the
 * answers one after another, so the decoding one is the last that has tokens (the first before any
 * token: the image is being encoded); those before it are done, those after it queued.
 */
export function liveAnswerStatuses(tokens: readonly (readonly unknown[])[], maxNewTokens: number): LiveAnswerStatus[] {
  let active = 0;
  tokens.forEach((answer, i) => {
    if (answer.length > 0) active = i;
  });
  return tokens.map((answer, i) => {
    if (i < active) return { state: 'done', label: `done · ${answer.length} tokens`, fraction: 1 };
    if (i > active) return { state: 'queued', label: `queued · starts after #${i}`, fraction: 0 };
    if (answer.length === 0)
      return { state: 'decoding', label: i === 0 ? 'reading the image…' : 'starting…', fraction: 0 };
    return {
      state: 'decoding',
      label: `decoding · ${answer.length} / ${maxNewTokens} tokens`,
      fraction: Math.min(1, answer.length / maxNewTokens),
    };
  });
}
