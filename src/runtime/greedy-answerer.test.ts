import { beforeAll, describe, expect, it } from 'vitest';
import { detectCapabilities } from './device-choice';
import { greedyAnswers, type AnswerRequest } from './greedy-answerer';
import { loadVlm, type LoadedVlm } from './load-model';
import { sampleAnswers } from './sample-answers';
import { defaultSamplingOptions } from './types';
import type { RgbaImage } from '../common/rgba-image';

/** A 48×40 card whose colours depend on `variant`. */
function card(variant: number): RgbaImage {
  const data = new Uint8ClampedArray(48 * 40 * 4);
  for (let i = 0; i < data.length; i += 4)
    data.set([(i * 7 + variant * 53) % 256, (i * 3 + variant * 17) % 256, 200, 255], i);
  return { width: 48, height: 40, data };
}

describe('greedyAnswers on the fixture model (onnxruntime-node)', () => {
  let vlm: LoadedVlm;
  beforeAll(async () => {
    vlm = await loadVlm({ modelId: 'tiny-random-smolvlm' }, await detectCapabilities());
  });

  // Six images and two prompts of different lengths, with different budgets: two batches of shapes.
  const requests: AnswerRequest[] = Array.from({ length: 12 }, (_, i) => ({
    image: card(i % 6),
    prompt: i < 6 ? 'Describe the image.' : 'Is there a red circle in the image?',
    maxNewTokens: 6 + (i % 4) * 5,
  }));

  it('gives each request, decoded in batches beside other images, the answer it gets alone', async () => {
    const batched = await greedyAnswers(vlm, requests);
    expect(batched).toHaveLength(requests.length);
    const alone: string[] = [];
    for (const { image, prompt, maxNewTokens } of requests) {
      const [answer] = await sampleAnswers(
        vlm,
        { image, prompt },
        { ...defaultSamplingOptions, k: 1, greedy: true, maxNewTokens },
      );
      alone.push(answer!.text);
    }
    expect(batched).toEqual(alone);
    // Different images do get different answers: the rows are not one image repeated.
    expect(new Set(batched.slice(0, 6)).size).toBeGreaterThan(1);
  });

  it('stops once cancelled, with the answers it has', async () => {
    let calls = 0;
    const answers = await greedyAnswers(vlm, requests, () => ++calls > 3);
    expect(answers.filter((a) => a !== undefined).length).toBeLessThan(requests.length);
  });
});
