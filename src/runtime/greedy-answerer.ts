import { AnswerDecoding, decodeBatch, stackInputs } from './batch-decoding';
import type { LoadedVlm } from './load-model';
import { endOfAnswerIds, promptInputs, type ModelInputs } from './prompt-inputs';
import { sampleAnswers } from './sample-answers';
import type { SamplingOptions } from './types';
import type { RgbaImage } from '../common/rgba-image';

export interface AnswerRequest {
  image: RgbaImage;
  prompt: string;
  maxNewTokens: number;
}

const GREEDY: Omit<SamplingOptions, 'maxNewTokens'> = { k: 1, seed: 0, temperature: 1, topP: 1, topK: 0, greedy: true };

/** Rows decode together while their image tensors hold at most this many values in all (8 shapes scenes; 1 SmolVLM image with its crops). */
const MAX_BATCH_VALUES = 1 << 22;
const MAX_BATCH_ROWS = 8;

/** Inputs that can share a batch have the same tensor shapes (prompt length, image crops). */
function shapeKey(inputs: ModelInputs): string {
  return JSON.stringify(
    Object.entries(inputs).map(([name, value]) => [name, 'dims' in Object(value) ? value.dims : value]),
  );
}

/**
 * The greedy answer to each request, in order. On the ONNX decoder, requests whose inputs have the
 * same shapes decode together as batches; each row's tokens are the ones it gets alone. The
 * engine's decoder answers one after another. Once `isCancelled`, stops at the next token and returns
 * the answers it has.
 */
export async function greedyAnswers(
  vlm: LoadedVlm,
  requests: AnswerRequest[],
  isCancelled?: () => boolean,
): Promise<string[]> {
  const texts: string[] = [];
  if (vlm.decoder) {
    for (const { image, prompt, maxNewTokens } of requests) {
      if (isCancelled?.()) break;
      const [answer] = await sampleAnswers(vlm, { image, prompt }, { ...GREEDY, maxNewTokens }, { isCancelled });
      texts.push(answer?.text ?? '');
    }
    return texts;
  }
  const inputs: ModelInputs[] = [];
  for (const request of requests) inputs.push(await promptInputs(vlm, request));
  const groups = new Map<string, number[]>();
  inputs.forEach((input, i) => {
    const key = shapeKey(input);
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  const endIds = endOfAnswerIds(vlm);
  for (const members of groups.values()) {
    const rowValues = inputs[members[0]!]!.pixel_values?.data.length ?? 1;
    const size = Math.max(1, Math.min(MAX_BATCH_ROWS, Math.floor(MAX_BATCH_VALUES / rowValues)));
    for (let start = 0; start < members.length; start += size) {
      if (isCancelled?.()) return texts;
      const batch = members.slice(start, start + size);
      const budgets = batch.map((i) => requests[i]!.maxNewTokens);
      const rows = batch.map(
        (_, b) => new AnswerDecoding(vlm, { ...GREEDY, maxNewTokens: budgets[b]! }, b, endIds, { isCancelled }, true),
      );
      await decodeBatch(vlm, stackInputs(batch.map((i) => inputs[i]!)), rows, Math.max(...budgets), { isCancelled });
      batch.forEach((i, b) => (texts[i] = rows[b]!.answer().text));
    }
  }
  return texts;
}

/** Answers (image, prompt) with the single most likely answer: what evaluation asks of a model. */
export function greedyAnswerer(vlm: LoadedVlm) {
  return {
    async answer(image: RgbaImage, prompt: string, maxNewTokens: number): Promise<string> {
      const [text] = await greedyAnswers(vlm, [{ image, prompt, maxNewTokens }]);
      return text ?? '';
    },
    answerAll: (requests: AnswerRequest[], isCancelled?: () => boolean) => greedyAnswers(vlm, requests, isCancelled),
  };
}
