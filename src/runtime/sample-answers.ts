import { InterruptableStoppingCriteria, LogitsProcessor, Tensor } from '@huggingface/transformers';
import type { LoadedVlm } from './load-model';
import { decodeAnswer, endOfAnswerIds, promptInputs, tokenText, withAnswer, type ModelInputs } from './prompt-inputs';
import { deriveSeed, mulberry32 } from '../common/random';
import { chooseToken, logSoftmax, topIndices, type ChoiceOptions } from './token-choice';
import type { SampledAnswer, SampledToken, SampleRequest, SamplingOptions, TokenEvent } from './types';

export interface SamplingControl {
  /** Called with each token as soon as it is chosen. */
  onToken?: (event: TokenEvent) => void;
  /** Checked before every token; when true, sampling stops after the current token. */
  isCancelled?: () => boolean;
}

/** One answer being decoded: its own seeded random stream, its tokens, and whether it has ended. */
class AnswerDecoding {
  readonly seed: number;
  readonly tokens: SampledToken[] = [];
  finished = false;
  /** Ended (an end token, a stop token); later steps of a batch only pad it. */
  done = false;
  private readonly random: () => number;

  constructor(
    private readonly vlm: LoadedVlm,
    private readonly options: SamplingOptions,
    readonly index: number,
    private readonly endIds: number[],
    private readonly control: SamplingControl,
  ) {
    this.seed = deriveSeed(options.seed, index);
    this.random = mulberry32(this.seed);
  }

  /** Picks this step's token from the raw logits and records it with its log-prob and the top-5. */
  choose(logits: Float32Array): number {
    const logprobs = logSoftmax(
      this.tokens.length < (this.options.minNewTokens ?? 0) ? this.withoutEnds(logits) : logits,
    );
    const { temperature, topK, topP, greedy } = this.options;
    const choice: ChoiceOptions = { temperature, topK, topP, greedy };
    const tokenId = chooseToken(logprobs, choice, this.random);
    const top = topIndices(logprobs, 5).map((id) => ({
      tokenId: id,
      text: tokenText(this.vlm, id),
      logprob: logprobs[id],
    }));
    const token: SampledToken = { tokenId, text: tokenText(this.vlm, tokenId), logprob: logprobs[tokenId], top };
    this.tokens.push(token);
    if (this.endIds.includes(tokenId)) this.finished = true;
    if (this.finished || this.options.stopIds?.includes(tokenId)) this.done = true;
    this.control.onToken?.({ answerIndex: this.index, token });
    return tokenId;
  }

  /** A copy of `logits` in which the end-of-answer tokens cannot be chosen. */
  private withoutEnds(logits: Float32Array): Float32Array {
    const masked = logits.slice();
    for (const id of this.endIds) masked[id] = -Infinity;
    return masked;
  }

  answer(): SampledAnswer {
    return {
      index: this.index,
      seed: this.seed,
      text: decodeAnswer(
        this.vlm,
        this.tokens.map((t) => t.tokenId),
      ),
      tokens: this.tokens,
      sumLogprob: this.tokens.reduce((sum, t) => sum + t.logprob, 0),
      finished: this.finished,
    };
  }
}

/**
 * Sees the raw logits of each step for every row of the batch, lets that row's answer pick its token
 * (temperature, top-k, top-p, seeded) and masks every other token, so the library's greedy decoder
 * takes exactly our choices. A row that has ended is held on an end token until the batch stops.
 * The library's own top_p does nothing in 4.3.1.
 */
class ChooseAndRecord extends LogitsProcessor {
  constructor(
    private readonly rows: AnswerDecoding[],
    private readonly padId: number,
    private readonly stop: InterruptableStoppingCriteria,
    private readonly control: SamplingControl,
  ) {
    super();
  }

  _call(_inputIds: bigint[][], logits: Tensor): Tensor {
    const data = logits.data as Float32Array;
    const vocab = data.length / this.rows.length;
    this.rows.forEach((row, b) => {
      const slice = data.subarray(b * vocab, (b + 1) * vocab);
      const chosen = row.done ? this.padId : row.choose(slice);
      slice.fill(-Infinity);
      slice[chosen] = 0;
    });
    if (this.rows.every((row) => row.done) || this.control.isCancelled?.()) this.stop.interrupt();
    return logits;
  }
}

type TensorData = Float32Array | BigInt64Array | Int32Array | Uint8Array;

/** `tensor` [1, …] repeated k times along its first axis. */
function repeatRows(tensor: Tensor, k: number): Tensor {
  if (k === 1) return tensor;
  const source = tensor.data as TensorData;
  const data = new (source.constructor as new (length: number) => TensorData)(source.length * k);
  for (let i = 0; i < k; i++) data.set(source as never, i * source.length);
  return new Tensor(tensor.type, data, [k, ...tensor.dims.slice(1)]);
}

/** The prompt's tensors as a batch of k identical rows (the processor's size notes pass through). */
function batchOf(inputs: ModelInputs, k: number): ModelInputs {
  return Object.fromEntries(
    Object.entries(inputs).map(([name, value]) => [name, value instanceof Tensor ? repeatRows(value, k) : value]),
  );
}

/** Decodes all `rows` as one batch through the ONNX decoder: one forward pass per step for all K answers. */
async function decodeBatch(
  vlm: LoadedVlm,
  inputs: ModelInputs,
  rows: AnswerDecoding[],
  options: SamplingOptions,
  control: SamplingControl,
) {
  const stop = new InterruptableStoppingCriteria();
  const endIds = endOfAnswerIds(vlm);
  const padId = endIds[0] ?? 0;
  await (vlm.model as unknown as { generate(o: unknown): Promise<unknown> }).generate({
    ...batchOf(inputs, rows.length),
    do_sample: false,
    max_new_tokens: options.maxNewTokens,
    repetition_penalty: 1,
    no_repeat_ngram_size: 0,
    min_length: 0,
    logits_processor: [new ChooseAndRecord(rows, padId, stop, control)],
    stopping_criteria: [stop],
  });
}

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
    await decodeBatch(vlm, inputs, rows, options, control);
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
