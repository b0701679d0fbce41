import { byteSymbols } from './byte-level';

/** SmolVLM-256M-Instruct's chat template (tokenizer_config.json `chat_template`). */
export const smolvlmChatTemplate =
  "<|im_start|>{% for message in messages %}{{message['role'] | capitalize}}" +
  "{% if message['content'][0]['type'] == 'image' %}{{':'}}{% else %}{{': '}}{% endif %}" +
  "{% for line in message['content'] %}{% if line['type'] == 'text' %}{{line['text']}}" +
  "{% elif line['type'] == 'image' %}{{ '<image>' }}{% endif %}{% endfor %}<end_of_utterance>\n" +
  "{% endfor %}{% if add_generation_prompt %}{{ 'Assistant:' }}{% endif %}";

const imageGridTokens: string[] = [];
for (let r = 1; r <= 6; r++) for (let c = 1; c <= 6; c++) imageGridTokens.push(`<row_${r}_col_${c}>`);

/** The SmolVLM special tokens, in the order they get ids after the byte symbols and merges. */
export const smolvlmSpecialTokens = [
  '<|endoftext|>',
  '<|im_start|>',
  '<|im_end|>',
  '<end_of_utterance>',
  '<fake_token_around_image>',
  '<image>',
  '<global-img>',
  ...imageGridTokens,
];

export interface ByteLevelVocab {
  /** token string → id, in id order: 256 byte symbols, one token per merge, then special tokens. */
  vocab: Map<string, number>;
  merges: string[];
  specialTokens: string[];
  size: number;
  id(token: string): number;
}

export function byteLevelVocab(merges: string[], specialTokens = smolvlmSpecialTokens): ByteLevelVocab {
  const vocab = new Map<string, number>();
  for (const symbol of byteSymbols()) vocab.set(symbol, vocab.size);
  for (const merge of merges) {
    const token = merge.replace(' ', '');
    if (!vocab.has(token)) vocab.set(token, vocab.size);
  }
  for (const token of specialTokens) vocab.set(token, vocab.size);
  return {
    vocab,
    merges,
    specialTokens,
    size: vocab.size,
    id(token: string) {
      const id = vocab.get(token);
      if (id === undefined) throw new Error(`The vocabulary has no token "${token}".`);
      return id;
    },
  };
}

const byteLevel = { add_prefix_space: false, trim_offsets: true, use_regex: true };

/** tokenizer.json (Hugging Face tokenizers format) for a byte-level BPE. */
export function tokenizerJson(v: ByteLevelVocab): object {
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: v.specialTokens.map((content) => ({
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
      merges: v.merges,
    },
  };
}

/** tokenizer_config.json with SmolVLM's special tokens and chat template. */
export function tokenizerConfigJson(v: ByteLevelVocab): object {
  const decoder: Record<string, object> = {};
  for (const content of v.specialTokens) {
    decoder[String(v.id(content))] = {
      content,
      lstrip: false,
      normalized: false,
      rstrip: false,
      single_word: false,
      special: true,
    };
  }
  return {
    add_prefix_space: false,
    added_tokens_decoder: decoder,
    additional_special_tokens: v.specialTokens.slice(3),
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
