/** GPT-2's bytes_to_unicode: the printable symbol that stands for each byte in a byte-level BPE. */
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

/** GPT-2's pre-tokenizer: words keep their leading space; the same regex as the ByteLevel pre-tokenizer. */
const gpt2Split = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

/** Text → pre-tokenized words, each spelled in byte symbols. */
export function byteLevelWords(text: string): string[][] {
  const symbols = byteSymbols();
  const encoder = new TextEncoder();
  return (text.match(gpt2Split) ?? []).map((word) => Array.from(encoder.encode(word), (b) => symbols[b]));
}
