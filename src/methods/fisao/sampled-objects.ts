/**
 * Each item's K sampled answers (all items' answers decoded in batches together), the objects each
 * names, and every named object's CLIP score against the image: s(o) = the best cosine over the
 * object's prompts, one CLIP call per item.
 */
import type { SampledAnswer } from '../../runtime/types';
import { itemSeed } from '../item-seed';
import type { MethodItem, MethodRuntime } from '../method-runtime';
import { objectMentions, objectPrompts, type FisaoVocabulary, type ObjectMention } from './object-mentions';

export interface FisaoSampling {
  seed: number;
  /** Answers sampled per item. */
  k: number;
  maxNewTokens: number;
  temperature: number;
  topP: number;
}

export interface SampledObjects {
  answers: SampledAnswer[];
  /** The objects answer i names. */
  mentions: ObjectMention[][];
  /** s(o) of every object named in any answer. */
  scores: Map<string, number>;
}

export const vocabularyOf = (item: MethodItem): FisaoVocabulary => (item.scene ? 'shapes' : 'coco');

export async function sampleObjects(
  runtime: MethodRuntime,
  items: MethodItem[],
  sampling: FisaoSampling,
): Promise<SampledObjects[]> {
  const clipSimilarities = runtime.clipSimilarities;
  if (!clipSimilarities) throw new Error('FiSAO needs a CLIP model to score objects against the image.');
  const sampled = await runtime.sampleAll(
    items.map((item) => ({
      request: { image: item.image, prompt: item.prompt },
      options: {
        k: sampling.k,
        seed: itemSeed(sampling.seed, item.id),
        temperature: sampling.temperature,
        topP: sampling.topP,
        topK: 0,
        greedy: false,
        maxNewTokens: sampling.maxNewTokens,
      },
    })),
  );
  const results: SampledObjects[] = [];
  for (const [i, item] of items.entries()) {
    const answers = sampled[i]!;
    const vocabulary = vocabularyOf(item);
    const mentions = answers.map((answer) => objectMentions(answer.text, vocabulary));
    const objects = [...new Set(mentions.flat().map((mention) => mention.object))];
    const prompts = objects.map((object) => objectPrompts(object, vocabulary));
    const similarities = objects.length === 0 ? [] : await clipSimilarities(item.image, prompts.flat());
    const scores = new Map<string, number>();
    let next = 0;
    objects.forEach((object, o) => {
      scores.set(object, Math.max(...similarities.slice(next, next + prompts[o]!.length)));
      next += prompts[o]!.length;
    });
    results.push({ answers, mentions, scores });
  }
  return results;
}
