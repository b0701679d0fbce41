// The training path (the worker's and the CLI's) on a real model, tiny-hub-smolvlm: each pair is
// tokenised with its decision applied, and stored reference log-probs are reused only for the texts
// they were computed for, whichever side those texts are on now.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { tree } from '@jax-js/jax';
import { DEFAULT_DPO_SETTINGS } from '../../engine/dpo/dpo-options';
import type { PreparedPair } from '../../engine/dpo/dpo-trainer';
import { startEngine } from '../../engine/jax-runtime';
import { oraclePairs } from '../../data/pairs/oracle-pairs.testing';
import { scenePairImage } from '../../data/pairs/pair-images';
import type { PairRecord } from '../../data/pairs/pair-records';
import { detectCapabilities, loadVlm, readModelFile, type LoadedVlm } from '../../runtime';
import { dpoModelOf, loadEngineDecoder, type EngineDecoder } from './engine-decoder';
import { tokenisePairs } from './pair-tokens';
import { dpoRun } from './train-run';

const modelId = 'tiny-hub-smolvlm';
let vlm: LoadedVlm;
let engine: EngineDecoder;

beforeAll(async () => {
  await startEngine();
  const fp32 = { vision_encoder: 'fp32', embed_tokens: 'fp32', decoder_model_merged: 'fp32' } as const;
  vlm = await loadVlm({ modelId, device: 'cpu', dtype: fp32 }, await detectCapabilities());
  engine = loadEngineDecoder(
    new TextDecoder().decode(await readModelFile(modelId, 'config.json')),
    await readModelFile(modelId, 'model.safetensors'),
  );
});

afterAll(async () => {
  await vlm?.model.dispose();
  if (engine) tree.dispose(engine.params);
});

/** Tokenises and prepares the records as a run does; `computed` = how many pairs needed π_ref computed. */
async function prepare(records: PairRecord[]): Promise<{ prepared: PreparedPair[]; computed: number }> {
  const pairs = await tokenisePairs(vlm, records, async (record) => scenePairImage(record));
  let computed = 0;
  const prepared = await dpoRun(dpoModelOf(engine), modelId, { ...DEFAULT_DPO_SETTINGS, batchSize: 2 }).prepare(
    pairs,
    (_, total) => (computed = total),
  );
  for (const pair of pairs) pair.imageFeatures?.dispose();
  return { prepared, computed };
}

const expectClose = (actual: number[], expected: number[]) => {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, 4));
};

describe('training on reviewed pairs', () => {
  test('a swap trains the answers exchanged and reuses both references; an edit recomputes; an old-format reference still serves the originals', async () => {
    const [accepted, swapped] = oraclePairs(2) as [PairRecord, PairRecord];
    accepted.review = { status: 'accepted' };
    swapped.review = { status: 'swapped' };
    swapped.chosenWeights = [0.5];
    swapped.rejectedWeights = [2];
    const records = [accepted, swapped];

    const first = await prepare(records);
    expect(first.computed).toBe(2);
    expect(first.prepared[1]).toMatchObject({ chosenWeights: [2], rejectedWeights: [0.5] });
    expect(swapped.reference).toMatchObject({
      model: modelId,
      chosenText: swapped.rejected,
      rejectedText: swapped.chosen,
    });

    // The swap undone: the same texts on the other sides, so nothing is computed again.
    swapped.review = { status: 'accepted' };
    const unswapped = await prepare(records);
    expect(unswapped.computed).toBe(0);
    expect(unswapped.prepared[1]!.chosen).toEqual(first.prepared[1]!.rejected);
    expect(unswapped.prepared[1]!.rejected).toEqual(first.prepared[1]!.chosen);
    expect(unswapped.prepared[1]!.reference).toEqual({
      chosen: first.prepared[1]!.reference.rejected,
      rejected: first.prepared[1]!.reference.chosen,
    });

    // An edited answer: only that pair is computed again, and its unedited side comes out the same.
    accepted.review = { status: 'accepted', editedRejected: 'A big green cat.' };
    const edited = await prepare(records);
    expect(edited.computed).toBe(1);
    expect(accepted.reference).toMatchObject({ chosenText: accepted.chosen, rejectedText: 'A big green cat.' });
    expectClose(edited.prepared[0]!.reference.chosen, first.prepared[0]!.reference.chosen);
    expect(edited.prepared[0]!.reference.rejected).not.toHaveLength(first.prepared[0]!.reference.rejected.length);

    // A reference written before texts were stored is for the method's original answers.
    const { chosen, rejected } = first.prepared[0]!.reference;
    accepted.review = undefined;
    accepted.reference = { model: modelId, chosen, rejected };
    const old = await prepare([accepted]);
    expect(old.computed).toBe(0);
    expect(old.prepared[0]!.reference).toEqual({ chosen, rejected });
  });
});
