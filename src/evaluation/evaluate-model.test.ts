import { describe, expect, it } from 'vitest';
import { describeScene, type Scene } from '../world';
import type { Answerer } from './answerer';
import { buildEvalSet } from './eval-set';
import { evaluateModel } from './evaluate-model';

const imageKey = (image: { data: Uint8ClampedArray }) => Buffer.from(image.data).toString('base64');

/** Answers every prompt of the eval set from a lookup (image, prompt) → the set's own ground truth. */
function scriptedAnswerer(
  n: number,
  seed: number,
  reply: (prompt: string, truth: Map<string, string>) => string,
): Answerer {
  const truth = new Map<string, string>();
  for (const item of buildEvalSet(n, seed)) {
    const key = imageKey(item.image);
    for (const q of item.questions) truth.set(key + q.text, q.answer);
    for (const q of item.pope) truth.set(key + q.text, q.answer === 'yes' ? 'Yes.' : 'No.');
    truth.set(key + item.critic.prompt, item.critic.target);
  }
  return { answer: async (image, prompt) => reply(imageKey(image) + prompt, truth) };
}

describe('evaluateModel', () => {
  const n = 6;
  const seed = 3;
  const scenes: Scene[] = buildEvalSet(n, seed).map((item) => item.scene);
  // Descriptions are matched by call order: the description is always asked first per item.
  const describeInOrder = () => {
    let next = 0;
    return () => describeScene(scenes[next++]);
  };

  it('gives perfect scores to answers that equal the ground truth', async () => {
    const nextDescription = describeInOrder();
    const answerer = scriptedAnswerer(n, seed, (prompt, truth) =>
      prompt.endsWith('Describe the image.') ? nextDescription() : (truth.get(prompt) ?? ''),
    );
    const { summary, items } = await evaluateModel(answerer, { model: 'oracle', n, seed });
    expect(items).toHaveLength(n);
    expect(summary.chair).toEqual({ i: 0, s: 0 });
    expect(summary.attr_error).toBe(0);
    expect(summary.qa).toEqual({ color: 1, count: 1, position: 1, relation: 1 });
    expect(summary.critic.accuracy).toBe(1);
    for (const split of ['random', 'popular', 'adversarial'] as const) {
      expect(summary.pope[split].acc).toBe(1);
      expect(summary.pope[split].yes_ratio).toBe(0.5);
    }
  });

  it('scores a model that always says yes and always adds a phantom object', async () => {
    const nextDescription = describeInOrder();
    const answerer = scriptedAnswerer(n, seed, (prompt) =>
      prompt.endsWith('Describe the image.')
        ? `${nextDescription()} A small black cross at the center.`
        : 'Yes, it is. [[1]]',
    );
    const { summary, items } = await evaluateModel(answerer, { model: 'yes-man', n, seed });
    for (const split of ['random', 'popular', 'adversarial'] as const) {
      expect(summary.pope[split]).toMatchObject({ acc: 0.5, precision: 0.5, recall: 1, yes_ratio: 1 });
    }
    // Every description gains one mention; it is hallucinated unless the scene has a black cross.
    const mentions = scenes.reduce((sum, s) => sum + s.objects.length + 1, 0);
    const phantoms = scenes.filter((s) => !s.objects.some((o) => o.colour === 'black' && o.shape === 'cross')).length;
    expect(summary.chair.i).toBeCloseTo(phantoms / mentions, 10);
    expect(summary.chair.s).toBeCloseTo(phantoms / n, 10);
    expect(items.filter((r) => r.chair.hasHallucination)).toHaveLength(phantoms);
    const firstIsBetter = buildEvalSet(n, seed).filter((item) => item.critic.better === 1).length;
    expect(summary.critic.accuracy).toBeCloseTo(firstIsBetter / n, 10);
  });

  it('counts a denied object as a mention only when CHAIR is read literally', async () => {
    const deniedPhantom = () => {
      const nextDescription = describeInOrder();
      return scriptedAnswerer(n, seed, (prompt, truth) =>
        prompt.endsWith('Describe the image.')
          ? `${nextDescription()} There is no black cross.`
          : (truth.get(prompt) ?? ''),
      );
    };
    const aware = await evaluateModel(deniedPhantom(), { model: 'denier', n, seed });
    expect(aware.summary.chair).toEqual({ i: 0, s: 0 });
    const literal = await evaluateModel(deniedPhantom(), { model: 'denier', n, seed, chairMode: 'literal' });
    const absent = scenes.filter((s) => !s.objects.some((o) => o.colour === 'black' && o.shape === 'cross')).length;
    expect(literal.summary.chair.s).toBeCloseTo(absent / n, 10);
    expect(literal.items.filter((r) => r.chair.hasHallucination)).toHaveLength(absent);
  });

  it('reports progress and the same figures for the same seed', async () => {
    const progress: number[] = [];
    const answerer: Answerer = { answer: async (_i, prompt) => (prompt.length % 2 ? 'No.' : 'Yes.') };
    const a = await evaluateModel(answerer, { model: 'm', n, seed, onProgress: (done) => progress.push(done) });
    const b = await evaluateModel(answerer, { model: 'm', n, seed });
    // Scenes are answered 8 at a time (their prompts decode as batches); n is 6.
    expect(progress).toEqual([0, 6]);
    expect(a.summary).toEqual(b.summary);
  });
});
