/**
 * The tiny fixture's tokenizer: GPT-2 style byte-level BPE over the 256 byte symbols (id = byte
 * value), a handful of English merges, then the SmolVLM special tokens.
 */

/** SmolVLM-256M-Instruct's chat template (tokenizer_config.json `chat_template`). */
export const smolvlmChatTemplate =
  "<|im_start|>{% for message in messages %}{{message['role'] | capitalize}}" +
  "{% if message['content'][0]['type'] == 'image' %}{{':'}}{% else %}{{': '}}{% endif %}" +
  "{% for line in message['content'] %}{% if line['type'] == 'text' %}{{line['text']}}" +
  "{% elif line['type'] == 'image' %}{{ '<image>' }}{% endif %}{% endfor %}<end_of_utterance>\n" +
  "{% endfor %}{% if add_generation_prompt %}{{ 'Assistant:' }}{% endif %}";

const merges = [
  'Ġ t', 'Ġ a', 'h e', 'i n', 'r e', 'o n', 'Ġt he', 'e r',
  'Ġ s', 'a t', 'e n', 'Ġ o', 'Ġ c', 'o r', 'e s', 'Ġ w',
];

const imageGridTokens: string[] = [];
for (let r = 1; r <= 6; r++) for (let c = 1; c <= 6; c++) imageGridTokens.push(`<row_${r}_col_${c}>`);

/** Special tokens in id order, after the byte symbols and merges. */
const specialTokens = [
  '<|endoftext|>',
  '<|im_start|>',
  '<|im_end|>',
  '<end_of_utterance>',
  '<fake_token_around_image>',
  '<image>',
  '<global-img>',
  ...imageGridTokens,
];

/** GPT-2's bytes_to_unicode: the printable symbol standing for each byte. */
export function byteSymbols(): string[] {
  const printable: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) printable.push(b);
  for (let b = 0xa1; b <= 0xac; b++) printable.push(b);
  for (let b = 0xae; b <= 0xff; b++) printable.push(b);
  const symbols = new Array<string>(256);
  let extra = 0;
  for (let b = 0; b < 256; b++) {
    symbols[b] = printable.includes(b) ? String.fromCharCode(b) : String.fromCharCode(256 + extra++);
  }
  return symbols;
}

export interface FixtureVocab {
  /** token string → id, in id order */
  vocab: Map<string, number>;
  size: number;
  id(token: string): number;
}

export function fixtureVocab(): FixtureVocab {
  const vocab = new Map<string, number>();
  byteSymbols().forEach((s) => vocab.set(s, vocab.size));
  for (const merge of merges) vocab.set(merge.replace(' ', ''), vocab.size);
  for (const token of specialTokens) vocab.set(token, vocab.size);
  return {
    vocab,
    size: vocab.size,
    id(token: string) {
      const id = vocab.get(token);
      if (id === undefined) throw new Error(`no token ${token}`);
      return id;
    },
  };
}

const byteLevel = { add_prefix_space: false, trim_offsets: true, use_regex: true };

export function tokenizerJson(v: FixtureVocab): object {
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: specialTokens.map((content) => ({
      id: v.id(content),
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', ...byteLevel },
    post_processor: { type: 'ByteLevel', ...byteLevel },
    decoder: { type: 'ByteLevel', ...byteLevel },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab: Object.fromEntries(v.vocab),
      merges,
    },
  };
}

export function tokenizerConfigJson(v: FixtureVocab): object {
  const decoder: Record<string, object> = {};
  for (const content of specialTokens) {
    decoder[String(v.id(content))] = { content, lstrip: false, normalized: false, rstrip: false, single_word: false, special: true };
  }
  return {
    add_prefix_space: false,
    added_tokens_decoder: decoder,
    additional_special_tokens: specialTokens.slice(3),
    bos_token: '<|im_start|>',
    chat_template: smolvlmChatTemplate,
    clean_up_tokenization_spaces: false,
    eos_token: '<end_of_utterance>',
    legacy: false,
    model_max_length: 8192,
    pad_token: '<|im_end|>',
    processor_class: 'Idefics3Processor',
    tokenizer_class: 'GPT2Tokenizer',
    truncation_side: 'left',
    unk_token: '<|endoftext|>',
    vocab_size: v.size,
  };
}

/**
 * Logit bias: English-looking bytes and merges favoured, other bytes disfavoured, image and
 * control tokens effectively never generated, <end_of_utterance> reachable.
 */
export function fixtureLogitBias(v: FixtureVocab): Float32Array {
  const bias = new Float32Array(v.size);
  for (let b = 0; b < 256; b++) {
    const ch = String.fromCharCode(b);
    if (/[a-z]/.test(ch)) bias[b] = 2;
    else if (b === 0x20) bias[b] = 2.5;
    else if (/[A-Z.,]/.test(ch)) bias[b] = 0.5;
    else bias[b] = -4;
  }
  for (const merge of merges) bias[v.id(merge.replace(' ', ''))] = 2;
  for (const token of specialTokens) bias[v.id(token)] = -30;
  bias[v.id('<end_of_utterance>')] = 1;
  return bias;
}
