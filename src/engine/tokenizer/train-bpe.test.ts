import { AutoTokenizer, env } from '@huggingface/transformers';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { byteLevelWords } from './byte-level';
import { byteLevelVocab, tokenizerConfigJson, tokenizerJson } from './tokenizer-files';
import { trainBpe } from './train-bpe';

// Sentences like the shapes world's (the engine does not read the world itself).
const words = {
  size: ['small', 'large'],
  colour: ['red', 'green', 'blue', 'yellow'],
  shape: ['circle', 'square', 'star'],
  place: ['top left', 'centre', 'bottom right'],
};
const corpus = words.size.flatMap((size) =>
  words.colour.flatMap((colour) =>
    words.shape.flatMap((shape) =>
      words.place.flatMap((place) => [
        `A ${size} ${colour} ${shape} at the ${place}.`,
        `Is there a ${colour} ${shape} in the image? Yes.`,
      ]),
    ),
  ),
);

describe('byte-level BPE training', () => {
  it('learns the most frequent pair first and is deterministic', () => {
    const { merges } = trainBpe(['aa aa aa ab'], { maxMerges: 3 });
    // "aa" occurs 3 times in words, "Ġa" 3 times (leading spaces): ties go to the smaller pair.
    expect(merges[0]).toBe('a a');
    expect(trainBpe(corpus, { maxMerges: 200 })).toEqual(trainBpe(corpus, { maxMerges: 200 }));
  });

  it('stops when no pair is frequent enough', () => {
    expect(trainBpe(['xy'], { maxMerges: 10 }).merges).toEqual([]);
    expect(trainBpe(['xy xy'], { maxMerges: 10 }).merges).toEqual(['x y']);
  });

  it('pre-tokenizes like GPT-2: words keep their leading space', () => {
    expect(byteLevelWords('a red circle.').map((w) => w.join(''))).toEqual(['a', 'Ġred', 'Ġcircle', '.']);
  });

  it('writes a tokenizer transformers.js loads, whose words of this world are single tokens', async () => {
    const vocab = byteLevelVocab(trainBpe(corpus, { maxMerges: 300 }).merges);
    const root = mkdtempSync(join(tmpdir(), 'bpe-'));
    mkdirSync(join(root, 'shapes-bpe'));
    writeFileSync(join(root, 'shapes-bpe', 'tokenizer.json'), JSON.stringify(tokenizerJson(vocab)));
    writeFileSync(join(root, 'shapes-bpe', 'tokenizer_config.json'), JSON.stringify(tokenizerConfigJson(vocab)));
    env.localModelPath = root;
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    const tokenizer = await AutoTokenizer.from_pretrained('shapes-bpe');
    const sentence = 'A large red circle at the top left.';
    const ids = tokenizer.encode(sentence, { add_special_tokens: false });
    expect(tokenizer.decode(ids)).toBe(sentence);
    expect(ids.length).toBeLessThanOrEqual(9);
    expect(tokenizer.encode('<end_of_utterance>', { add_special_tokens: false })).toEqual([
      vocab.id('<end_of_utterance>'),
    ]);
    // Text outside the corpus still round-trips through the byte symbols.
    expect(tokenizer.decode(tokenizer.encode('Zebra ünïcode 42!', { add_special_tokens: false }))).toBe(
      'Zebra ünïcode 42!',
    );
  });
});
