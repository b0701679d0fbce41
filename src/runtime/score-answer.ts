import type { LoadedVlm } from './load-model';
import { promptInputs, withAnswer } from './prompt-inputs';
import { logSoftmax } from './token-choice';
import type { SampleRequest, ScoredAnswer } from './types';

/**
 * log π(answer | image, prompt) by one teacher-forced forward pass: per answer token and summed.
 * Prompt and image tokens are not scored. Equals the log-probs captured while sampling.
 */
export async function scoreAnswer(vlm: LoadedVlm, request: SampleRequest, answerIds: number[]): Promise<ScoredAnswer> {
  if (answerIds.length === 0) return { tokenIds: [], logprobs: [], sumLogprob: 0 };
  const inputs = await promptInputs(vlm, request);
  const promptLength = inputs.input_ids.dims[1];
  // transformers.js models are callable objects: calling one runs a full forward pass.
  const forward = vlm.model as unknown as (i: unknown) => Promise<{ logits: { dims: number[]; data: Float32Array } }>;
  const teacherForced = withAnswer(inputs, answerIds);
  const logits = vlm.decoder ? await vlm.decoder.logits(teacherForced) : (await forward(teacherForced)).logits;
  const vocab = logits.dims[2];
  const logprobs = answerIds.map((tokenId, i) => {
    // The logits at position t predict token t + 1.
    const position = promptLength + i - 1;
    const row = logits.data.subarray(position * vocab, (position + 1) * vocab);
    return logSoftmax(row)[tokenId];
  });
  return { tokenIds: answerIds, logprobs, sumLogprob: logprobs.reduce((a, b) => a + b, 0) };
}
