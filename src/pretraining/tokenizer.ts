/**
 * The embedded models' tokenizer: a byte-level BPE trained on the shapes world's own text
 * (descriptions, questions and answers, describe prompts, critic prompts and verdicts, the chat
 * template's words). The VLM uses SmolVLM's special tokens; the CLIP text tower the same merges
 * with `<|startoftext|>` / `<|endoftext|>` put around every text by the tokenizer's post-processor.
 */
import {
  DESCRIBE_PROMPTS,
  lookFirstAnswer,
  questionsForScene,
  sampleScenes,
  trainingDescription,
  buildCriticExample,
} from '../world';
import {
  byteLevelVocab,
  tokenizerConfigJson,
  tokenizerJson,
  type ByteLevelVocab,
} from '../engine/tokenizer/tokenizer-files';
import { trainBpe } from '../engine/tokenizer/train-bpe';
import { bpeEncoder } from './bpe-encoder';
import { RECIPE } from './recipe';

export const CLIP_SPECIAL_TOKENS = ['<|startoftext|>', '<|endoftext|>'];

export interface ShapesTokenizer {
  vocab: ByteLevelVocab;
  /** Text → ids, special tokens recognised; no tokens added. */
  encode: (text: string) => number[];
}

/** The world's text, deterministic in (scenes, seed). */
export function worldCorpus(scenes = RECIPE.tokenizer.corpusScenes, seed = RECIPE.tokenizer.corpusSeed): string[] {
  const texts: string[] = ['User: Assistant:', ...DESCRIBE_PROMPTS];
  for (const scene of sampleScenes({ split: 'train', n: scenes, seed })) {
    texts.push(trainingDescription(scene).text);
    for (const question of questionsForScene(scene))
      texts.push(`${question.text} ${lookFirstAnswer(question, scene, RECIPE.vlm.lookStyle)}`);
    if (scene.index % 10 === 0) {
      const critic = buildCriticExample(scene);
      texts.push(critic.prompt, critic.target);
    }
  }
  return texts;
}

/** Trains the merges once; `specialTokens` picks the VLM or the CLIP set. */
export function trainShapesMerges({
  maxMerges = RECIPE.tokenizer.maxMerges,
  corpusScenes = RECIPE.tokenizer.corpusScenes,
} = {}): string[] {
  return trainBpe(worldCorpus(corpusScenes), { maxMerges }).merges;
}

export function shapesTokenizer(merges: string[], specialTokens?: string[]): ShapesTokenizer {
  const vocab = specialTokens ? byteLevelVocab(merges, specialTokens) : byteLevelVocab(merges);
  return { vocab, encode: bpeEncoder(vocab) };
}

/** tokenizer.json and tokenizer_config.json for the VLM (SmolVLM layout and chat template). */
export function vlmTokenizerFiles(vocab: ByteLevelVocab): Record<string, object> {
  return { 'tokenizer.json': tokenizerJson(vocab), 'tokenizer_config.json': tokenizerConfigJson(vocab) };
}

/** tokenizer.json and tokenizer_config.json for CLIP: `<|startoftext|> text <|endoftext|>`. */
export function clipTokenizerFiles(vocab: ByteLevelVocab, maxLength: number): Record<string, object> {
  const bos = '<|startoftext|>';
  const eos = '<|endoftext|>';
  const special = (id: string) => ({ SpecialToken: { id, type_id: 0 } });
  const json = {
    ...(tokenizerJson(vocab) as Record<string, unknown>),
    post_processor: {
      type: 'TemplateProcessing',
      single: [special(bos), { Sequence: { id: 'A', type_id: 0 } }, special(eos)],
      pair: [
        special(bos),
        { Sequence: { id: 'A', type_id: 0 } },
        special(eos),
        { Sequence: { id: 'B', type_id: 1 } },
        special(eos),
      ],
      special_tokens: {
        [bos]: { id: bos, ids: [vocab.id(bos)], tokens: [bos] },
        [eos]: { id: eos, ids: [vocab.id(eos)], tokens: [eos] },
      },
    },
  };
  const config = {
    add_prefix_space: false,
    bos_token: bos,
    eos_token: eos,
    pad_token: eos,
    unk_token: eos,
    clean_up_tokenization_spaces: false,
    model_max_length: maxLength,
    tokenizer_class: 'GPT2Tokenizer',
  };
  return { 'tokenizer.json': json, 'tokenizer_config.json': config };
}
