/**
 * The tiny fixture's tokenizer: GPT-2 style byte-level BPE over the 256 byte symbols (id = byte
 * value), a handful of English merges, then the SmolVLM special tokens.
 */
import { byteLevelVocab, type ByteLevelVocab } from '../src/engine/tokenizer/tokenizer-files';

export { tokenizerConfigJson, tokenizerJson } from '../src/engine/tokenizer/tokenizer-files';

const merges = [
  'Ġ t',
  'Ġ a',
  'h e',
  'i n',
  'r e',
  'o n',
  'Ġt he',
  'e r',
  'Ġ s',
  'a t',
  'e n',
  'Ġ o',
  'Ġ c',
  'o r',
  'e s',
  'Ġ w',
];

export function fixtureVocab(): ByteLevelVocab {
  return byteLevelVocab(merges);
}

/**
 * Logit bias: English-looking bytes and merges favoured, other bytes disfavoured, image and
 * control tokens effectively never generated, <end_of_utterance> reachable.
 */
export function fixtureLogitBias(v: ByteLevelVocab): Float32Array {
  const bias = new Float32Array(v.size);
  for (let b = 0; b < 256; b++) {
    const ch = String.fromCharCode(b);
    if (/[a-z]/.test(ch)) bias[b] = 2;
    else if (b === 0x20) bias[b] = 2.5;
    else if (/[A-Z.,]/.test(ch)) bias[b] = 0.5;
    else bias[b] = -4;
  }
  for (const merge of merges) bias[v.id(merge.replace(' ', ''))] = 2;
  for (const token of v.specialTokens) bias[v.id(token)] = -30;
  bias[v.id('<end_of_utterance>')] = 1;
  return bias;
}
