// A pair's stored reference log-probs are reused only for exactly the texts they were computed
// for, whichever side a text is on now: a swapped pair reuses both sides exchanged, an edited
// answer has none until it is computed.
import type { PairRecord, StoredReference } from './pair-records';

export interface AnswerTexts {
  chosen: string;
  rejected: string;
}

export interface ReferenceLogprobs {
  chosen: number[];
  rejected: number[];
}

/** The stored log π_ref of one answer text under this model, if any. */
function storedLogprobsOf(pair: PairRecord, modelId: string, text: string): number[] | undefined {
  const stored = pair.reference;
  if (!stored || stored.model !== modelId) return undefined;
  if ((stored.chosenText ?? pair.chosen) === text) return stored.chosen;
  if ((stored.rejectedText ?? pair.rejected) === text) return stored.rejected;
  return undefined;
}

/** The stored reference for the texts a pair trains on, when both are stored for this model. */
export function reusableReference(
  pair: PairRecord,
  modelId: string,
  texts: AnswerTexts,
): ReferenceLogprobs | undefined {
  const chosen = storedLogprobsOf(pair, modelId, texts.chosen);
  const rejected = storedLogprobsOf(pair, modelId, texts.rejected);
  return chosen && rejected ? { chosen, rejected } : undefined;
}

/** What to store with a pair after computing its reference for these texts. */
export function referenceToStore(modelId: string, texts: AnswerTexts, reference: ReferenceLogprobs): StoredReference {
  return {
    model: modelId,
    chosen: reference.chosen,
    rejected: reference.rejected,
    chosenText: texts.chosen,
    rejectedText: texts.rejected,
  };
}
