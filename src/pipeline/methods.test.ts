// SIMA, SeVa, CSR and FiSAO on the committed shapes-vlm through the pipeline's runtime adapter: seeded runs
// give the same well-formed pairs, with their evidence and the counts of what was dropped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerWeights } from '../engine/dpo/dpo-batch';
import { startEngine } from '../engine/jax-runtime';
import { METHOD_SPLIT, rasterizeScene, sampleScene, type Split } from '../world';
import { tokenisePairs } from './training/pair-tokens';
import { runCsr, DEFAULT_CSR_OPTIONS, type CsrEvidence } from '../methods/csr/csr';
import { calibrateFisao, fisaoCalibrationItems } from '../methods/fisao/calibration';
import { DEFAULT_FISAO_OPTIONS, runFisao, type FisaoEvidence } from '../methods/fisao/fisao';
import { loadShapesRuntime, type ShapesRuntime } from './shapes-runtime.testing';
import { shapesItems } from '../methods/items';
import type { MethodRuntime } from '../methods/method-runtime';
import { pairsToJsonl, parsePairsJsonl, type PairRecord } from '../data/pairs/pair-records';
import { runSeva, DEFAULT_SEVA_OPTIONS, type SevaEvidence } from '../methods/seva/seva';
import { paperCriticPrompt } from '../methods/sima/critic-prompts';
import { runSima, DEFAULT_SIMA_OPTIONS, type SimaEvidence } from '../methods/sima/sima';

let shapes: ShapesRuntime;
let runtime: MethodRuntime;
// Pool scenes 2–5 of seed 1, on which every method makes at least one pair.
const items = shapesItems(METHOD_SPLIT, 1, 4, 2);

beforeAll(async () => {
  shapes = await loadShapesRuntime();
  runtime = shapes.runtime;
});

afterAll(() => shapes.dispose());

function expectWellFormed(pairs: PairRecord[], method: string) {
  for (const pair of pairs) {
    expect(pair).toMatchObject({ method, model: 'shapes-vlm', prompt: 'Describe the image.' });
    expect(pair.chosen).not.toBe(pair.rejected);
    expect(items.map((item) => item.id)).toContain(pair.item);
    expect(pair.evidence?.method).toBe(method);
  }
  expect(parsePairsJsonl(pairsToJsonl(pairs))).toEqual(pairs);
}

describe('SIMA', () => {
  it("judges a greedy and a sampled answer with the model's own critic; the same seed gives the same pairs", async () => {
    const progress: number[] = [];
    const result = await runSima(runtime, items, DEFAULT_SIMA_OPTIONS, { onProgress: (done) => progress.push(done) });
    expect(progress).toEqual([1, 2, 3, 4]);
    const { counts, pairs } = result;
    expect(counts.items).toBe(4);
    expect(counts.pairs + counts.identical + counts.noVerdict).toBe(4);
    expect(pairs.length).toBe(counts.pairs);
    expect(pairs.length).toBeGreaterThan(0);
    expectWellFormed(pairs, 'sima');
    for (const pair of pairs) {
      const evidence = pair.evidence as SimaEvidence;
      expect(evidence.critic).toMatch(/\[\[[12]\]\]/);
      expect(pair.chosen).toBe(evidence.verdict === 1 ? evidence.sampled : evidence.greedy);
      expect(pair.rejected).toBe(evidence.verdict === 1 ? evidence.greedy : evidence.sampled);
    }
    expect((await runSima(runtime, items, DEFAULT_SIMA_OPTIONS)).pairs).toEqual(pairs);
  }, 120_000);

  it('judging both orders keeps only agreeing verdicts and reports the agreement rate', async () => {
    const { counts, pairs, agreement } = await runSima(runtime, items, { ...DEFAULT_SIMA_OPTIONS, bothOrders: true });
    expect(counts.pairs + counts.identical + counts.noVerdict + counts.disagreed).toBe(4);
    // The rate a user reads is the share of judged items whose verdict survived the swap.
    const judged = counts.pairs + counts.disagreed;
    expect(agreement).toBe(judged > 0 ? counts.pairs / judged : undefined);
    for (const pair of pairs)
      expect((pair.evidence as SimaEvidence).swapped?.verdict).toBe((pair.evidence as SimaEvidence).verdict);
  }, 120_000);

  it("gives Hub models the paper's full critic prompt, responses on one line", () => {
    const prompt = paperCriticPrompt('Describe\nit.', 'A red circle.', 'sampled\nanswer', 'greedy answer');
    expect(prompt).toContain('1. Accuracy in Object Description');
    expect(prompt).toContain('The better AI generated response: [[2]].');
    expect(
      prompt.endsWith(
        'Question: [Describeit.]\nGround truth: [A red circle.]\nAI generated response 1: [sampledanswer]\nAI generated response 2: [greedy answer]\nASSISTANT:\n ',
      ),
    ).toBe(true);
  });
});

describe('SeVa', () => {
  it('pairs the clean answer against the answer on the noised image (t = 500), seeded', async () => {
    const { counts, pairs } = await runSeva(runtime, items, DEFAULT_SEVA_OPTIONS);
    expect(counts.items).toBe(4);
    expect(counts.pairs + counts.identical).toBe(4);
    expect(pairs.length).toBeGreaterThan(0);
    expectWellFormed(pairs, 'seva');
    for (const pair of pairs) {
      const evidence = pair.evidence as SevaEvidence;
      expect(evidence).toMatchObject({
        augmentation: 'diffusion',
        t: 500,
        clean: pair.chosen,
        augmented: pair.rejected,
      });
      expect(evidence.signal).toBeCloseTo(0.863, 3);
    }
    expect((await runSeva(runtime, items, DEFAULT_SEVA_OPTIONS)).pairs).toEqual(pairs);
  }, 120_000);

  it('flags a horizontal flip, and drops answers that differ only in case and punctuation when asked', async () => {
    const { pairs } = await runSeva(runtime, items.slice(0, 2), { ...DEFAULT_SEVA_OPTIONS, augmentation: 'flip' });
    expect(pairs.length).toBeGreaterThan(0);
    for (const pair of pairs) expect((pair.evidence as SevaEvidence).flagged).toMatch(/left and right/);
    const strict = await runSeva(runtime, items.slice(0, 2), {
      ...DEFAULT_SEVA_OPTIONS,
      augmentation: 'grayscale',
      normalisedCompare: true,
    });
    expect(strict.counts.pairs + strict.counts.identical).toBe(2);
  }, 120_000);
});

describe('CSR', () => {
  it('grows answers sentence by sentence, scores each with the model and CLIP, and pairs the best and worst paths', async () => {
    const two = items.slice(0, 2);
    const { counts, pairs } = await runCsr(runtime, two, DEFAULT_CSR_OPTIONS);
    expect(counts.items).toBe(2);
    expect(counts.pairs + counts.identical + counts.noPaths).toBe(2);
    expect(pairs.length).toBeGreaterThan(0);
    for (const pair of pairs) {
      const evidence = pair.evidence as CsrEvidence;
      const byId = new Map(evidence.nodes.map((node) => [node.id, node]));
      expect(pair.chosen).toBe(evidence.chosenPath.map((id) => byId.get(id)!.sentence).join(' '));
      expect(pair.rejected).toBe(evidence.rejectedPath.map((id) => byId.get(id)!.sentence).join(' '));
      expect(evidence.chosenScore).toBeLessThanOrEqual(evidence.rejectedScore); // rank fusion: lower is better
      for (const node of evidence.nodes) {
        // A node's sentence as CSR keeps it: trimmed, at least 4 characters (shorter fragments are dropped).
        expect(node.sentence).toBe(node.sentence.trim());
        expect(node.sentence.length).toBeGreaterThanOrEqual(4);
        // One sentence per node, as CSR grows them: no end mark but at the end (an answer the model
        // ends mid-sentence ends its last node without one).
        expect(node.sentence).toMatch(/^[^.!?]+[.!?]?$/);
        expect(node.rT).toBeGreaterThan(0);
        expect(node.rT).toBeLessThanOrEqual(1);
        expect(node.rI).toBeGreaterThanOrEqual(0);
      }
    }
    // A tree, not a list of whole answers: paths of more than one sentence.
    expect(pairs.some((pair) => (pair.evidence as CsrEvidence).chosenPath.length > 1)).toBe(true);
    expectWellFormed(
      pairs.map((pair) => ({ ...pair })),
      'csr',
    );
    expect((await runCsr(runtime, two, DEFAULT_CSR_OPTIONS)).pairs).toEqual(pairs);
  }, 180_000);
});

describe('FiSAO', () => {
  it("pairs the best and the worst of K answers by their objects' rewards, with a weight per token as training encodes it; seeded", async () => {
    const options = { ...DEFAULT_FISAO_OPTIONS, calibrationItems: 24 };
    const progress: string[] = [];
    const calibrating: string[] = [];
    const { counts, pairs, calibration } = await runFisao(runtime, items, options, {
      onProgress: (done, total) => progress.push(`${done}/${total}`),
      onCalibration: (done, total) => calibrating.push(`${done}/${total}`),
    });
    // The items' progress counts the items asked for; the calibration reports apart, per batch of items.
    expect(progress).toEqual(['1/4', '2/4', '3/4', '4/4']);
    expect(calibrating).toEqual(['16/24', '24/24']);
    expect(counts.items).toBe(4);
    expect(counts.pairs + counts.noMentions + counts.tied).toBe(4);
    expect(counts.unalignedAnswers).toBe(0);
    expect(pairs.length).toBeGreaterThan(0);
    expectWellFormed(pairs, 'fisao');
    for (const pair of pairs) {
      const evidence = pair.evidence as FisaoEvidence;
      expect(evidence).toMatchObject({ vocabulary: 'shapes', alpha: 1, calibration });
      expect(evidence.chosen.text).toBe(pair.chosen);
      expect(evidence.rejected.text).toBe(pair.rejected);
      expect(evidence.chosen.score).toBeGreaterThan(evidence.rejected.score);
      expect(Math.max(...evidence.scores.map(Number))).toBe(evidence.chosen.score);
      expect(
        evidence.chosen.tokens
          .map((token) => token.text)
          .join('')
          .trim(),
      ).toBe(pair.chosen);
      expect(pair.chosenWeights).toHaveLength(evidence.chosen.tokens.length + 1);
    }

    await startEngine();
    const tokenised = await tokenisePairs(shapes.vlm, pairs, async (record) => {
      const { split, seed, index } = (record.image as { scene: { split: Split; seed: number; index: number } }).scene;
      return rasterizeScene(sampleScene(split, seed, index));
    });
    for (const pair of tokenised) {
      expect(answerWeights(pair, 'chosen', 'token-weighted')).toEqual(pair.record.chosenWeights);
      expect(answerWeights(pair, 'rejected', 'token-weighted')).toEqual(pair.record.rejectedWeights);
      pair.imageFeatures?.dispose();
    }

    expect(await calibrateFisao(runtime, fisaoCalibrationItems(options.seed, 24), options)).toEqual(calibration);
    expect((await runFisao(runtime, items, { ...options, calibration })).pairs).toEqual(pairs);
  }, 180_000);
});
