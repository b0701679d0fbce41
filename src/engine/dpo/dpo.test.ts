// Preference losses against hand-computed values, and LoRA-DPO steps on a tiny decoder: reference
// log-probs, accumulation, learning on a fixed pair set, and a non-finite step that changes nothing.
import { beforeAll, describe, expect, test } from 'vitest';
import { nn, numpy as np, tree, valueAndGrad } from '@jax-js/jax';
import { startEngine } from '../jax-runtime';
import type { Params } from '../init-weights';
import { activeLoraParams } from '../lora/active-lora.testing';
import { loraScale } from '../lora/lora-config';
import { llamaNames, type LlamaConfig } from '../llama/config';
import { initLlamaParams } from '../llama/init-llama';
import { embedTokens, llamaForward, llamaHidden, lmHead } from '../llama/llama-forward';
import { tinyLlama } from '../llama/tiny-llama.testing';
import { sequenceLogprobs } from '../losses';
import { dpoBatchArrays, type DpoModel, type DpoPair } from './dpo-batch';
import {
  answerTokenLogprobs,
  dpoTrainer,
  DpoDivergedError,
  newDpoState,
  type DpoSettings,
  type PreparedPair,
} from './dpo-trainer';
import { pairsForStep } from './pair-order';
import type { PreferenceLossKind } from './dpo-options';
import { preferenceLoss } from './preference-loss';

beforeAll(async () => {
  await startEngine();
});

describe('preference losses', () => {
  // policy chosen −2, rejected −5; reference chosen −3, rejected −4 → z = (1) − (−1) = 2.
  const values = (kind: PreferenceLossKind, beta: number) => {
    const out = preferenceLoss(
      kind,
      {
        policyChosen: np.array([-2, -1]),
        policyRejected: np.array([-5, -1]),
        referenceChosen: np.array([-3, -1]),
        referenceRejected: np.array([-4, -1]),
      },
      beta,
    );
    return {
      loss: out.loss.item(),
      chosen: [...out.chosenRewards.dataSync()],
      rejected: [...out.rejectedRewards.dataSync()],
    };
  };
  // Pair 2 has z = 0.
  test('DPO sigmoid: mean of −log σ(βz)', () => {
    const { loss, chosen, rejected } = values('sigmoid', 0.1);
    expect(loss).toBeCloseTo((Math.log(1 + Math.exp(-0.2)) + Math.log(2)) / 2, 5);
    expect(chosen[0]).toBeCloseTo(0.1, 6);
    expect(rejected[0]).toBeCloseTo(-0.1, 6);
  });
  test('hinge: mean of max(0, 1 − βz)', () => {
    expect(values('hinge', 0.1).loss).toBeCloseTo((0.8 + 1) / 2, 6);
    expect(values('hinge', 1).loss).toBeCloseTo((0 + 1) / 2, 6);
  });
  test('IPO: mean of (z − 1/(2β))²', () => {
    expect(values('ipo', 0.1).loss).toBeCloseTo(((2 - 5) ** 2 + 25) / 2, 5);
    expect(values('ipo', 0.25).loss).toBeCloseTo((0 + 4) / 2, 5);
  });
});

const config: LlamaConfig = { ...tinyLlama, vocab_size: 12, num_hidden_layers: 2, initializer_range: 0.3 };
const names = llamaNames();

function settings(overrides: Partial<DpoSettings> = {}): DpoSettings {
  return {
    loss: 'sigmoid',
    beta: 0.5,
    lora: { r: 4, alpha: 8, dropout: 0, targets: ['q_proj', 'v_proj', 'up_proj', 'down_proj'], rslora: false },
    peakLr: 0.05,
    schedule: 'constant',
    warmupSteps: 0,
    totalSteps: 40,
    weightDecay: 0,
    maxGradNorm: 10,
    batchSize: 4,
    accumulation: 1,
    seed: 3,
    ...overrides,
  };
}

/** Prompts ask "which token?" with token p; the chosen answer repeats p, the rejected one p+1. */
const pairs: DpoPair[] = [1, 2, 3, 4].map((p) => ({ prompt: [0, p, 9], chosen: [p, p, 11], rejected: [p + 1, p, 11] }));

async function withModel(run: (model: DpoModel, base: Params) => void | Promise<void>): Promise<void> {
  const base = initLlamaParams(config, 7);
  try {
    await run({ config, names, params: base }, base);
  } finally {
    tree.dispose(base);
  }
}

describe('LoRA-DPO steps', () => {
  test("reference log-probs are the base model's per answer token", async () => {
    await withModel(async (model, base) => {
      const trainer = dpoTrainer(model, settings({ batchSize: 3 }));
      const reference = await trainer.reference(pairs);
      // Each side of a packed pair scores as its own prompt + answer sequence would.
      for (const side of ['chosen', 'rejected'] as const) {
        const ids = [...pairs[1]!.prompt, ...pairs[1]![side]];
        const logits = llamaForward(base, config, { inputsEmbeds: embedTokens(base, [ids]) });
        const mask = np.array([ids.map((_, t) => (t >= pairs[1]!.prompt.length ? 1 : 0))], { dtype: np.float32 });
        const expected = sequenceLogprobs(logits, np.array([ids], { dtype: np.int32 }), mask).item();
        expect(reference[1]![side]).toHaveLength(3);
        expect(reference[1]![side].reduce((a, b) => a + b)).toBeCloseTo(expected, 4);
      }
      expect(reference).toHaveLength(4);
    });
  });

  test('answer log-probs, and their gradient w.r.t. the adapter, equal one-hot · logSoftmax(logits)', async () => {
    await withModel(async (model, base) => {
      const lora = settings().lora;
      const factors = activeLoraParams(base, config, names, lora, 4);
      const run = { scale: loraScale(lora) };
      const { weights, answerMask, ...data } = dpoBatchArrays(model, pairs.slice(0, 2), 'sigmoid');
      const K = weights.shape[1]!;
      const answers = [
        ...pairs.slice(0, 2).map((pair) => pair.chosen),
        ...pairs.slice(0, 2).map((pair) => pair.rejected),
      ];
      const onehot = np.array(
        answers.map((answer) =>
          Array.from({ length: K }, (_, k) =>
            Array.from({ length: config.vocab_size }, (_, v) => (v === answer[k] ? 1 : 0)),
          ),
        ),
      );
      const naive = (f: Params) => {
        const hidden = llamaHidden({ ...base, ...f }, config, {
          inputsEmbeds: data.inputsEmbeds.ref,
          positionIds: data.positions.ref,
          attentionBias: data.attentionBias.ref,
          names,
          lora: run,
        });
        // [B, 2K, V] packed (chosen then rejected per pair) → [2B, K, V], chosen rows first.
        const logits = lmHead(base, config, np.matmul(data.rows.ref, hidden), names)
          .reshape([2, 2, K, config.vocab_size])
          .transpose([1, 0, 2, 3])
          .reshape([4, K, config.vocab_size]);
        return np.sum(np.sum(nn.logSoftmax(logits, -1).mul(onehot.ref), -1).mul(weights.ref));
      };
      const fast = (f: Params) =>
        np.sum(answerTokenLogprobs({ ...base, ...f }, model, tree.ref(data), run).mul(weights.ref));
      const [naiveValue, naiveGrad] = valueAndGrad(naive)(tree.ref(factors));
      const [fastValue, fastGrad] = valueAndGrad(fast)(tree.ref(factors));
      expect(fastValue.item()).toBeCloseTo(naiveValue.item(), 4);
      for (const name of Object.keys(factors)) {
        const a = fastGrad[name]!.dataSync() as Float32Array;
        const b = naiveGrad[name]!.dataSync() as Float32Array;
        expect(Math.max(...b.map(Math.abs))).toBeGreaterThan(1e-3);
        a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 4));
      }
      tree.dispose([factors, data, weights, answerMask, onehot]);
    });
  });

  test('the first step starts at loss log 2 and zero rewards (B = 0), and loss falls while accuracy rises', async () => {
    await withModel(async (model) => {
      const trainer = dpoTrainer(model, settings());
      const reference = await trainer.reference(pairs);
      const prepared: PreparedPair[] = pairs.map((pair, i) => ({ ...pair, reference: reference[i]! }));
      const state = newDpoState(model, settings());
      const logs = [];
      for (let i = 0; i < 25; i++) logs.push(await trainer.step(state, prepared));
      expect(logs[0]!.loss).toBeCloseTo(Math.log(2), 5);
      expect(logs[0]!.margin).toBeCloseTo(0, 5);
      expect(logs.at(-1)!.loss).toBeLessThan(0.3);
      expect(logs.at(-1)!.accuracy).toBe(1);
      expect(logs.at(-1)!.margin).toBeGreaterThan(1);
      expect(logs.at(-1)!.step).toBe(25);
      tree.dispose([state.factors, state.optimizer.m, state.optimizer.v]);
    });
  });

  test("the SFT term (TRL's rpo_alpha) adds α × the chosen answers' mean NLL per token", async () => {
    await withModel(async (model) => {
      const trainer = dpoTrainer(model, settings({ sftWeight: 0.5 }));
      const reference = await trainer.reference(pairs);
      const state = newDpoState(model, settings());
      const log = await trainer.step(
        state,
        pairs.map((pair, i) => ({ ...pair, reference: reference[i]! })),
      );
      const chosen = reference.flatMap((r) => r.chosen);
      const meanNll = -chosen.reduce((a, b) => a + b, 0) / chosen.length;
      expect(log.loss).toBeCloseTo(Math.log(2) + 0.5 * meanNll, 4);
      tree.dispose([state.factors, state.optimizer.m, state.optimizer.v]);
    });
  });

  test('two accumulated micro-batches of 2 give the same update as one batch of 4; the same seed gives the same adapter', async () => {
    await withModel(async (model) => {
      const run = async (s: DpoSettings) => {
        const trainer = dpoTrainer(model, s);
        const reference = await trainer.reference(pairs);
        const state = newDpoState(model, s);
        for (let i = 0; i < 3; i++)
          await trainer.step(
            state,
            pairs.map((pair, j) => ({ ...pair, reference: reference[j]! })),
          );
        const values = Object.fromEntries(
          Object.entries(state.factors).map(([name, a]) => [name, [...(a.ref.dataSync() as Float32Array)]]),
        );
        tree.dispose([state.factors, state.optimizer.m, state.optimizer.v]);
        return values;
      };
      const whole = await run(settings({ loss: 'ipo', lora: { ...settings().lora, dropout: 0.1 } }));
      const accumulated = await run(
        settings({ loss: 'ipo', batchSize: 2, accumulation: 2, lora: { ...settings().lora, dropout: 0.1 } }),
      );
      const again = await run(settings({ loss: 'ipo', lora: { ...settings().lora, dropout: 0.1 } }));
      expect(again).toEqual(whole);
      // Dropout masks are drawn per micro-batch, so compare without dropout.
      const plain = await run(settings({ loss: 'ipo' }));
      const plainAccumulated = await run(settings({ loss: 'ipo', batchSize: 2, accumulation: 2 }));
      for (const name of Object.keys(plain))
        plain[name]!.forEach((v, i) => expect(plainAccumulated[name]![i]).toBeCloseTo(v, 4));
      expect(accumulated).not.toEqual(whole);
    });
  });

  test('token weights scale each answer token; zero weights on every token leave nothing to learn', async () => {
    await withModel(async (model) => {
      const weighted = pairs.map((pair) => ({ ...pair, chosenWeights: [0, 0, 0], rejectedWeights: [0, 0, 0] }));
      const trainer = dpoTrainer(model, settings({ loss: 'token-weighted' }));
      const reference = await trainer.reference(weighted);
      const state = newDpoState(model, settings({ loss: 'token-weighted' }));
      const log = await trainer.step(
        state,
        weighted.map((pair, i) => ({ ...pair, reference: reference[i]! })),
      );
      expect(log.loss).toBeCloseTo(Math.log(2), 6);
      expect(log.gradNorm).toBe(0);
      await expect(
        trainer.step(state, [{ ...weighted[0]!, chosenWeights: [1], reference: reference[0]! }]),
      ).rejects.toThrow('The pair has 1 chosen token weights for 3 chosen tokens.');
      tree.dispose([state.factors, state.optimizer.m, state.optimizer.v]);
    });
  });

  test('a NaN in the adapter stops the step with a message and keeps the last good adapter', async () => {
    await withModel(async (model) => {
      const trainer = dpoTrainer(model, settings());
      const reference = await trainer.reference(pairs);
      const prepared = pairs.map((pair, i) => ({ ...pair, reference: reference[i]! }));
      const state = newDpoState(model, settings());
      await trainer.step(state, prepared);
      const name = Object.keys(state.factors).find((n) => n.endsWith('lora_A.weight'))!;
      const good = [...(state.factors[name]!.ref.dataSync() as Float32Array)];
      const poisoned = Float32Array.from(good);
      poisoned[0] = NaN;
      state.factors[name]!.dispose();
      state.factors[name] = np.array(poisoned, { shape: [4, config.hidden_size] });
      await expect(trainer.step(state, prepared)).rejects.toThrow(DpoDivergedError);
      await expect(trainer.step(state, prepared)).rejects.toThrow(
        /at step 2; the run stopped and keeps the adapter of step 1/,
      );
      expect(state.step).toBe(1);
      expect([...(state.factors[name]!.ref.dataSync() as Float32Array)].slice(1)).toEqual(good.slice(1));
      tree.dispose([state.factors, state.optimizer.m, state.optimizer.v]);
    });
  });
});

describe('pair order', () => {
  test('each epoch visits every pair once, in an order fixed by the seed and the step alone', () => {
    const epoch = Array.from({ length: 5 }, (_, step) => pairsForStep(10, 2, 7, step)).flat();
    expect([...epoch].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(pairsForStep(10, 2, 7, 3)).toEqual(epoch.slice(6, 8));
    expect(Array.from({ length: 5 }, (_, step) => pairsForStep(10, 2, 8, step)).flat()).not.toEqual(epoch);
    expect(pairsForStep(10, 4, 7, 2)).toEqual([...epoch.slice(8, 10), ...pairsForStep(10, 2, 7, 5)]);
  });
});
