import { AnswerDecoding, decodeBatch, stackInputs, type SamplingControl } from './batch-decoding';
import type { LoadedVlm } from './load-model';
import { endOfAnswerIds, promptInputs, withAnswer, type ModelInputs } from './prompt-inputs';
import type { SampledAnswer, SampleJob, SampleRequest, SamplingOptions } from './types';

export interface ManySamplingControl extends SamplingControl {
  /** Only the answers' texts and log-probs are wanted (evaluation): tokens carry no text and no top-5. */
  textOnly?: boolean;
}

/**
 * Rows decode together while their image tensors hold at most this many values in all (many shapes
 * scenes; one SmolVLM image with its crops) and there are at most MAX_BATCH_ROWS of them.
 */
const MAX_BATCH_VALUES = 1 << 22;
const MAX_BATCH_ROWS = 32;

/** Inputs that can share a batch have the same tensor shapes (prompt and prefix length, image crops). */
function shapeKey(inputs: ModelInputs): string {
  return JSON.stringify(
    Object.entries(inputs).map(([name, value]) => [name, 'dims' in Object(value) ? value.dims : value]),
  );
}

async function jobInputs(vlm: LoadedVlm, { request }: SampleJob): Promise<ModelInputs> {
  const prompted = await promptInputs(vlm, request);
  return request.answerPrefix?.length ? withAnswer(prompted, request.answerPrefix) : prompted;
}

/** How many rows of these inputs' shapes a batch holds. */
function rowsPerBatch(inputs: ModelInputs): number {
  const rowValues = inputs.pixel_values?.data.length ?? 1;
  return Math.max(1, Math.min(MAX_BATCH_ROWS, Math.floor(MAX_BATCH_VALUES / rowValues)));
}

/** Each job on its own, its inputs made only when its turn comes: the engine's decoder, or images too large to share a batch. */
async function decodeJobByJob(
  vlm: LoadedVlm,
  jobs: SampleJob[],
  rows: AnswerDecoding[][],
  control: SamplingControl,
  firstInputs?: ModelInputs,
) {
  const endIds = endOfAnswerIds(vlm);
  for (const [j, job] of jobs.entries()) {
    if (control.isCancelled?.()) return;
    const inputs = j === 0 && firstInputs ? firstInputs : await jobInputs(vlm, job);
    const { options } = job;
    if (!vlm.decoder) {
      await decodeBatch(vlm, stackInputs(rows[j]!.map(() => inputs)), rows[j]!, options.maxNewTokens, control);
      continue;
    }
    for (const row of rows[j]!) {
      if (control.isCancelled?.()) return;
      await vlm.decoder.generate(inputs, {
        maxNewTokens: options.maxNewTokens,
        stopIds: [...endIds, ...(options.stopIds ?? [])],
        next: (logits) => row.choose(logits),
        shouldStop: () => control.isCancelled?.() ?? false,
      });
    }
  }
}

/** The rows of all jobs whose inputs have the same shapes, decoded together in batches (ONNX decoder). */
async function decodeAcrossJobs(
  vlm: LoadedVlm,
  jobs: SampleJob[],
  inputs: ModelInputs[],
  rows: AnswerDecoding[][],
  control: SamplingControl,
) {
  const groups = new Map<string, { job: number; row: AnswerDecoding }[]>();
  inputs.forEach((input, j) => {
    const key = shapeKey(input);
    groups.set(key, [...(groups.get(key) ?? []), ...rows[j]!.map((row) => ({ job: j, row }))]);
  });
  for (const members of groups.values()) {
    const size = rowsPerBatch(inputs[members[0]!.job]!);
    for (let start = 0; start < members.length && !control.isCancelled?.(); start += size) {
      const batch = members.slice(start, start + size);
      const budget = Math.max(...batch.map(({ job }) => jobs[job]!.options.maxNewTokens));
      const batchRows = batch.map(({ row }) => row);
      await decodeBatch(vlm, stackInputs(batch.map(({ job }) => inputs[job]!)), batchRows, budget, control);
    }
  }
}

/**
 * The K answers of every job, in order, each answer i reproducible from (its job's seed, i) alone.
 * On the ONNX decoder, the rows of all jobs whose inputs have the same shapes decode together as
 * batches, whatever job they belong to; the engine's decoder (an adapter without graph slots) runs
 * them one after another, and images too large to share a batch (a Hub model's crops) go one job at
 * a time, so only one job's inputs are held. Once cancelled, stops at the next token: a job then has
 * the answers it got.
 */
export async function sampleAnswersMany(
  vlm: LoadedVlm,
  jobs: SampleJob[],
  control: ManySamplingControl = {},
): Promise<SampledAnswer[][]> {
  const endIds = endOfAnswerIds(vlm);
  const rows = jobs.map(({ options }) =>
    Array.from(
      { length: options.k },
      (_, i) => new AnswerDecoding(vlm, options, i, endIds, control, control.textOnly ?? false),
    ),
  );
  if (jobs.length === 0 || control.isCancelled?.()) return [];
  const first = vlm.decoder ? undefined : await jobInputs(vlm, jobs[0]!);
  if (!first || rowsPerBatch(first) === 1) await decodeJobByJob(vlm, jobs, rows, control, first);
  else {
    const inputs = [first];
    for (const job of jobs.slice(1)) {
      if (control.isCancelled?.()) return [];
      inputs.push(await jobInputs(vlm, job));
    }
    await decodeAcrossJobs(vlm, jobs, inputs, rows, control);
  }
  return rows.map((jobRows) => jobRows.filter((row) => row.tokens.length > 0).map((row) => row.answer()));
}

/**
 * K answers for one (image, prompt), streamed token by token, with raw log-probs and the top-5
 * alternatives per step; answer i is reproducible from (seed, i) alone.
 */
export async function sampleAnswers(
  vlm: LoadedVlm,
  request: SampleRequest,
  options: SamplingOptions,
  control: SamplingControl = {},
): Promise<SampledAnswer[]> {
  const [answers = []] = await sampleAnswersMany(vlm, [{ request, options }], control);
  return answers;
}
