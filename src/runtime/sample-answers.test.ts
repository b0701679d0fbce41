import { beforeAll, describe, expect, it } from 'vitest';
import { detectCapabilities } from './device-choice';
import { loadVlm, ModelLoadError, type LoadedVlm } from './load-model';
import { endOfAnswerIds } from './prompt-inputs';
import { sampleAnswers } from './sample-answers';
import { scoreAnswer } from './score-answer';
import { defaultSamplingOptions, type SamplingOptions, type TokenEvent } from './types';
import type { RgbaImage } from '../common/rgba-image';

/** A 48×40 RGBA test card: a gradient with a dark square. */
function testImage(): RgbaImage {
  const width = 48;
  const height = 40;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const inSquare = x > 10 && x < 25 && y > 8 && y < 22;
      data.set(inSquare ? [20, 30, 40, 255] : [x * 5, y * 6, 200, 255], i);
    }
  }
  return { width, height, data };
}

const request = { image: testImage(), prompt: 'Describe the image.' };
const sampling: SamplingOptions = {
  ...defaultSamplingOptions,
  k: 3,
  seed: 11,
  temperature: 1,
  topP: 0.95,
  maxNewTokens: 12,
};

describe('sampling on the fixture model (onnxruntime-node)', () => {
  let vlm: LoadedVlm;
  beforeAll(async () => {
    vlm = await loadVlm({ modelId: 'tiny-random-smolvlm' }, await detectCapabilities());
  });

  it('loads with the choice made visible', () => {
    expect(vlm.info.device).toBe('cpu');
    expect(vlm.info.dtype).toEqual({ vision_encoder: 'fp32', embed_tokens: 'fp32', decoder_model_merged: 'fp32' });
    expect(vlm.info.reason.length).toBeGreaterThan(10);
  });

  it('is reproducible with a seed, and streams every token', async () => {
    const streamed: TokenEvent[] = [];
    const first = await sampleAnswers(vlm, request, sampling, { onToken: (e) => streamed.push(e) });
    const second = await sampleAnswers(vlm, request, sampling);
    expect(first.map((a) => a.text)).toEqual(second.map((a) => a.text));
    expect(first.map((a) => a.sumLogprob)).toEqual(second.map((a) => a.sumLogprob));
    expect(streamed.length).toBe(first.reduce((n, a) => n + a.tokens.length, 0));
    expect(streamed.filter((e) => e.answerIndex === 2).map((e) => e.token.tokenId)).toEqual(
      first[2].tokens.map((t) => t.tokenId),
    );
    const other = await sampleAnswers(vlm, request, { ...sampling, seed: 12 });
    expect(other.map((a) => a.text)).not.toEqual(first.map((a) => a.text));
  });

  it('gives K different answers when sampling and K equal answers when greedy', async () => {
    const sampled = await sampleAnswers(vlm, request, sampling);
    expect(sampled).toHaveLength(3);
    expect(new Set(sampled.map((a) => a.text)).size).toBeGreaterThan(1);
    const greedy = await sampleAnswers(vlm, request, { ...sampling, greedy: true });
    expect(new Set(greedy.map((a) => a.text)).size).toBe(1);
    for (const token of greedy[0].tokens) expect(token.top[0].tokenId).toBe(token.tokenId);
  });

  it('captures raw log-probs equal to one teacher-forced pass (≤ 1e-4 per token)', async () => {
    const answers = await sampleAnswers(vlm, request, { ...sampling, temperature: 0.7 });
    for (const answer of answers) {
      const scored = await scoreAnswer(
        vlm,
        request,
        answer.tokens.map((t) => t.tokenId),
      );
      expect(scored.logprobs).toHaveLength(answer.tokens.length);
      scored.logprobs.forEach((lp, i) => expect(Math.abs(lp - answer.tokens[i].logprob)).toBeLessThanOrEqual(1e-4));
      expect(Math.abs(scored.sumLogprob - answer.sumLogprob)).toBeLessThanOrEqual(1e-4 * answer.tokens.length);
      // Top-5 alternatives are sorted and include the token's own rank when it is among them.
      for (const token of answer.tokens) {
        expect(token.top).toHaveLength(5);
        expect(token.top[0].logprob).toBeGreaterThanOrEqual(token.top[4].logprob);
        expect(token.logprob).toBeLessThanOrEqual(token.top[0].logprob);
      }
    }
  });

  it('stops within one step when cancelled: every answer is cut after the step in which Cancel came', async () => {
    let seen = 0;
    const answers = await sampleAnswers(
      vlm,
      request,
      { ...sampling, maxNewTokens: 50 },
      {
        onToken: () => void seen++,
        isCancelled: () => seen >= 3,
      },
    );
    // The K answers decode as one batch: the step that saw Cancel was the first (3 rows), so each
    // answer holds at most that token and the one already being decoded.
    expect(answers).toHaveLength(3);
    for (const answer of answers) {
      expect(answer.tokens.length).toBeLessThanOrEqual(2);
      expect(answer.finished).toBe(false);
    }
  });

  it('ends no answer before minNewTokens: the end tokens cannot be chosen until then', async () => {
    const long = { ...sampling, maxNewTokens: 512 };
    const free = await sampleAnswers(vlm, request, long);
    // Random weights end an answer early at times; that is what the option has to prevent.
    expect(free.some((answer) => answer.finished && answer.tokens.length < 512)).toBe(true);
    const held = await sampleAnswers(vlm, request, { ...long, minNewTokens: 512 });
    const ends = endOfAnswerIds(vlm);
    for (const answer of held) {
      expect(answer.tokens).toHaveLength(512);
      expect(answer.finished).toBe(false);
      expect(answer.tokens.some((t) => ends.includes(t.tokenId))).toBe(false);
    }
  });

  it('decodes K answers as one batch: answer i is the same whatever rows decode beside it', async () => {
    const batch = await sampleAnswers(vlm, request, { ...sampling, k: 4 });
    for (const answer of batch) {
      // k = i + 1 decodes answer i beside fewer rows (k = 1: alone, unbatched).
      const alone = (await sampleAnswers(vlm, request, { ...sampling, k: answer.index + 1 }))[answer.index];
      expect(alone.tokens.map((t) => t.tokenId)).toEqual(answer.tokens.map((t) => t.tokenId));
      alone.tokens.forEach((t, i) => expect(Math.abs(t.logprob - answer.tokens[i].logprob)).toBeLessThanOrEqual(1e-5));
    }
  });

  it('says in one sentence when a model does not exist', async () => {
    const caps = await detectCapabilities();
    await expect(loadVlm({ modelId: 'not a model' }, caps)).rejects.toThrow(ModelLoadError);
    await expect(loadVlm({ modelId: 'not a model' }, caps)).rejects.toThrow(/is not a model id/);
  });
});
