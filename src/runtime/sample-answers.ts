import { InterruptableStoppingCriteria, LogitsProcessor, Tensor } from '@huggingface/transformers';
import type { LoadedVlm } from './load-model';
import { decodeAnswer, endOfAnswerIds, promptInputs, tokenText, withAnswer } from './prompt-inputs';
import { deriveSeed, mulberry32 } from '../common/random';
import { chooseToken, logSoftmax, topIndices, type ChoiceOptions } from './token-choice';
import type { SampledAnswer, SampledToken, SampleRequest, SamplingOptions, TokenEvent } from './types';

/**
 * Sees the raw logits of each step, records the chosen token's log-prob and the top-5, picks the
 * token itself (temperature, top-k, top-p, seeded) and masks every other token, so the library's
 * greedy decoder takes exactly our choice. The library's own top_p does nothing in 4.3.1.
 */
class ChooseAndRecord extends LogitsProcessor {
  constructor(private readonly step: (logprobs: Float64Array) => number) {
    super();
  }

  _call(_inputIds: bigint[][], logits: Tensor): Tensor {
    if (logits.dims[0] !== 1) throw new Error('Sampling runs one sequence at a time.');
    const data = logits.data as Float32Array;
    const chosen = this.step(logSoftmax(data));
    data.fill(-Infinity);
    data[chosen] = 0;
    return logits;
  }
}

export interface SamplingControl {
  /** Called with each token as soon as it is chosen. */
  onToken?: (event: TokenEvent) => void;
  /** Checked before every token; when true, sampling stops after the current token. */
  isCancelled?: () => boolean;
}

/** One answer: streamed token by token, with raw log-probs and the top-5 alternatives per step. */
async function sampleOne(
  vlm: LoadedVlm,
  request: SampleRequest,
  options: SamplingOptions,
  index: number,
  control: SamplingControl,
): Promise<SampledAnswer> {
  const seed = deriveSeed(options.seed, index);
  const random = mulberry32(seed);
  const choice: ChoiceOptions = {
    temperature: options.temperature,
    topK: options.topK,
    topP: options.topP,
    greedy: options.greedy,
  };
  const stop = new InterruptableStoppingCriteria();
  const endIds = endOfAnswerIds(vlm);
  const tokens: SampledToken[] = [];
  let finished = false;

  const choose = (logprobs: Float64Array) => {
    const tokenId = chooseToken(logprobs, choice, random);
    const top = topIndices(logprobs, 5).map((id) => ({ tokenId: id, text: tokenText(vlm, id), logprob: logprobs[id] }));
    const token: SampledToken = { tokenId, text: tokenText(vlm, tokenId), logprob: logprobs[tokenId], top };
    tokens.push(token);
    if (endIds.includes(tokenId)) finished = true;
    control.onToken?.({ answerIndex: index, token });
    if (control.isCancelled?.() || options.stopIds?.includes(tokenId)) stop.interrupt();
    return tokenId;
  };

  const prompted = await promptInputs(vlm, request);
  const inputs = request.answerPrefix?.length ? withAnswer(prompted, request.answerPrefix) : prompted;
  if (vlm.decoder) {
    await vlm.decoder.generate(inputs, {
      maxNewTokens: options.maxNewTokens,
      stopIds: [...endIds, ...(options.stopIds ?? [])],
      next: (logits) => choose(logSoftmax(logits)),
      shouldStop: () => control.isCancelled?.() ?? false,
    });
  } else {
    await (vlm.model as unknown as { generate(o: unknown): Promise<unknown> }).generate({
      ...inputs,
      do_sample: false,
      max_new_tokens: options.maxNewTokens,
      repetition_penalty: 1,
      no_repeat_ngram_size: 0,
      min_length: 0,
      logits_processor: [new ChooseAndRecord(choose)],
      stopping_criteria: [stop],
    });
  }
  const answerIds = tokens.map((t) => t.tokenId);
  return {
    index,
    seed,
    text: decodeAnswer(vlm, answerIds),
    tokens,
    sumLogprob: tokens.reduce((sum, t) => sum + t.logprob, 0),
    finished,
  };
}

/** K answers for one (image, prompt); answer i is reproducible from (seed, i) alone. */
export async function sampleAnswers(
  vlm: LoadedVlm,
  request: SampleRequest,
  options: SamplingOptions,
  control: SamplingControl = {},
): Promise<SampledAnswer[]> {
  const answers: SampledAnswer[] = [];
  for (let i = 0; i < options.k; i++) {
    if (control.isCancelled?.()) break;
    answers.push(await sampleOne(vlm, request, options, i, control));
  }
  return answers;
}
