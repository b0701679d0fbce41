import { AnswerDecoding, decodeBatch, stackInputs, type SamplingControl } from './batch-decoding';
import type { LoadedVlm } from './load-model';
import { endOfAnswerIds, promptInputs, withAnswer } from './prompt-inputs';
import type { SampledAnswer, SampleRequest, SamplingOptions } from './types';

/**
 * K answers for one (image, prompt), streamed token by token, with raw log-probs and the top-5
 * alternatives per step; answer i is reproducible from (seed, i) alone. On the ONNX decoder the K
 * answers decode together as one batch; the engine's decoder (an adapter without graph slots) runs
 * them one after another.
 */
export async function sampleAnswers(
  vlm: LoadedVlm,
  request: SampleRequest,
  options: SamplingOptions,
  control: SamplingControl = {},
): Promise<SampledAnswer[]> {
  const endIds = endOfAnswerIds(vlm);
  const rows = Array.from({ length: options.k }, (_, i) => new AnswerDecoding(vlm, options, i, endIds, control));
  if (rows.length === 0 || control.isCancelled?.()) return [];
  const prompted = await promptInputs(vlm, request);
  const inputs = request.answerPrefix?.length ? withAnswer(prompted, request.answerPrefix) : prompted;
  const decoder = vlm.decoder;
  if (!decoder) {
    await decodeBatch(vlm, stackInputs(rows.map(() => inputs)), rows, options.maxNewTokens, control);
    return rows.map((row) => row.answer());
  }
  const answers: SampledAnswer[] = [];
  for (const row of rows) {
    if (control.isCancelled?.()) break;
    await decoder.generate(inputs, {
      maxNewTokens: options.maxNewTokens,
      stopIds: [...endIds, ...(options.stopIds ?? [])],
      next: (logits) => row.choose(logits),
      shouldStop: () => control.isCancelled?.() ?? false,
    });
    answers.push(row.answer());
  }
  return answers;
}
