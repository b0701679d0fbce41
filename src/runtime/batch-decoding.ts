import { InterruptableStoppingCriteria, LogitsProcessor, Tensor } from '@huggingface/transformers';
import type { LoadedVlm } from './load-model';
import { decodeAnswer, endOfAnswerIds, tokenText, type ModelInputs } from './prompt-inputs';
import { deriveSeed, mulberry32 } from '../common/random';
import { chooseToken, logSoftmax, topIndices, type ChoiceOptions } from './token-choice';
import type { SampledAnswer, SampledToken, SamplingOptions, TokenEvent } from './types';

export interface SamplingControl {
  /** Called with each token as soon as it is chosen. */
  onToken?: (event: TokenEvent) => void;
  /** Checked before every token; when true, sampling stops after the current token. */
  isCancelled?: () => boolean;
}

/** One answer being decoded: its own seeded random stream, its tokens, and whether it has ended. */
export class AnswerDecoding {
  readonly seed: number;
  readonly tokens: SampledToken[] = [];
  finished = false;
  /** Ended (an end token, a stop token, its budget); later steps of a batch only pad it. */
  done = false;
  private readonly random: () => number;

  constructor(
    private readonly vlm: LoadedVlm,
    private readonly options: SamplingOptions,
    readonly index: number,
    private readonly endIds: number[],
    private readonly control: SamplingControl,
    /** Only the answer's text is wanted (evaluation): tokens keep their id and log-prob, not their text and top-5. */
    private readonly textOnly = false,
  ) {
    this.seed = deriveSeed(options.seed, index);
    this.random = mulberry32(this.seed);
  }

  /** Picks this step's token from the raw logits and records it with its log-prob (and, unless textOnly, its text and the top-5). */
  choose(logits: Float32Array): number {
    const logprobs = logSoftmax(
      this.tokens.length < (this.options.minNewTokens ?? 0) ? this.withoutEnds(logits) : logits,
    );
    const { temperature, topK, topP, greedy } = this.options;
    const choice: ChoiceOptions = { temperature, topK, topP, greedy };
    const tokenId = chooseToken(logprobs, choice, this.random);
    const token: SampledToken = this.textOnly
      ? { tokenId, text: '', logprob: logprobs[tokenId], top: [] }
      : {
          tokenId,
          text: tokenText(this.vlm, tokenId),
          logprob: logprobs[tokenId],
          top: topIndices(logprobs, 5).map((id) => ({
            tokenId: id,
            text: tokenText(this.vlm, id),
            logprob: logprobs[id],
          })),
        };
    this.tokens.push(token);
    if (this.endIds.includes(tokenId)) this.finished = true;
    // A row of a batch may have a smaller budget than the batch's longest.
    const full = this.tokens.length >= this.options.maxNewTokens;
    if (this.finished || full || this.options.stopIds?.includes(tokenId)) this.done = true;
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

/** The tensors [1, …] of each row's inputs, stacked along the first axis (the rows' shapes agree). */
export function stackInputs(rows: ModelInputs[]): ModelInputs {
  const [first] = rows;
  if (rows.length === 1) return first!;
  return Object.fromEntries(
    Object.entries(first!).map(([name, value]) => {
      // The processor's size notes (not tensors) pass through from the first row.
      if (!(value instanceof Tensor)) return [name, value];
      const source = value.data as TensorData;
      const data = new (source.constructor as new (length: number) => TensorData)(source.length * rows.length);
      rows.forEach((row, i) => data.set(row[name]!.data as never, i * source.length));
      return [name, new Tensor(value.type, data, [rows.length, ...value.dims.slice(1)])];
    }),
  );
}

/** Decodes all `rows` as one batch through the ONNX decoder: one forward pass per step for every row. */
export async function decodeBatch(
  vlm: LoadedVlm,
  inputs: ModelInputs,
  rows: AnswerDecoding[],
  maxNewTokens: number,
  control: SamplingControl,
) {
  const stop = new InterruptableStoppingCriteria();
  const endIds = endOfAnswerIds(vlm);
  const padId = endIds[0] ?? 0;
  await (vlm.model as unknown as { generate(o: unknown): Promise<unknown> }).generate({
    ...inputs,
    do_sample: false,
    max_new_tokens: maxNewTokens,
    repetition_penalty: 1,
    no_repeat_ngram_size: 0,
    min_length: 0,
    logits_processor: [new ChooseAndRecord(rows, padId, stop, control)],
    stopping_criteria: [stop],
  });
}
