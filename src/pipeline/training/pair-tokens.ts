/**
 * Pair records → tokenised DPO pairs, with the annotator's decision applied (a swap exchanges the
 * answers and their token weights, an edit replaces a text and drops its weights; see
 * effective-preference): the prompt ids and pixels exactly as inference builds them
 * (transformers.js's processor and chat template), answers as the model would generate them (a
 * leading space, then the end-of-turn token), and the image's features from onnxruntime's vision
 * encoder (the adapter is on the decoder only, so they are computed once per pair).
 */
import { numpy as np } from '@jax-js/jax';
import type { DpoPair } from '../../engine/dpo/dpo-batch';
import { effectivePreference, effectiveWeights } from '../../data/pairs/effective-preference';
import type { PairRecord } from '../../data/pairs/pair-records';
import type { AnswerTexts } from '../../data/pairs/stored-reference';
import { encodeAnswer, imageFeatures, type LoadedVlm } from '../../runtime';
import { endOfAnswerIds, promptInputs } from '../../runtime/prompt-inputs';
import type { RgbaImage } from '../../common/rgba-image';

/** A tokenised pair with its record and the answer texts it trains on. */
export type PairWithRecord = DpoPair & { record: PairRecord; texts: AnswerTexts };

export async function tokenisePairs(
  vlm: LoadedVlm,
  records: PairRecord[],
  imageOf: (record: PairRecord) => Promise<RgbaImage>,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<PairWithRecord[]> {
  const end = endOfAnswerIds(vlm)[0];
  if (end === undefined) throw new Error('The model has no end-of-turn token, so its answers cannot be scored.');
  const answer = (text: string) => [...encodeAnswer(vlm, ` ${text}`), end];
  const out: PairWithRecord[] = [];
  for (const record of records) {
    const inputs = await promptInputs(vlm, { image: await imageOf(record), prompt: record.prompt });
    const features = await imageFeatures(vlm, inputs);
    const { chosen, rejected } = effectivePreference(record);
    out.push({
      record,
      texts: { chosen, rejected },
      prompt: Array.from(inputs.input_ids!.data as BigInt64Array, Number),
      chosen: answer(chosen),
      rejected: answer(rejected),
      ...effectiveWeights(record),
      imageFeatures: np.array(features.data, { shape: features.dims }),
    });
    onProgress(out.length, records.length);
  }
  return out;
}
