/**
 * LoRA-DPO on a Llama decoder: reference log-probs with the adapter off, then steps that
 * differentiate only the adapter's factors (the base stays frozen), one layer at a time
 * (layered-gradient.ts), with gradient accumulation, global-norm clipping and AdamW. A step whose
 * loss or gradient is not finite changes nothing and throws `DpoDivergedError`, so the last good
 * adapter survives.
 */
import { jit, lax, numpy as np, random, tree, type Array as JaxArray, type JsTree } from '@jax-js/jax';
import type { Params } from '../init-weights';
import { outputWeightName } from '../llama/config';
import { materialized } from '../llama/layers';
import { llamaHidden, type LoraRun } from '../llama/llama-forward';
import { layeredModel, type HeadObjective } from './layered-gradient';
import { initLoraParams } from '../lora/init-lora';
import { loraModules, loraScale } from '../lora/lora-config';
import { clippedAdamW, constantSchedule, initAdamW, warmupCosine, type AdamWState } from '../optimizer';
import {
  answerWeights,
  dpoBatchArrays,
  weightedSum,
  type DpoBatchArrays,
  type DpoModel,
  type DpoPair,
  type ReferenceLogprobs,
} from './dpo-batch';
import type { DpoSettings } from './dpo-options';
import { preferenceLoss } from './preference-loss';

export type { DpoSettings };

/** A pair with its reference log-probs. */
export type PreparedPair = DpoPair & { reference: ReferenceLogprobs };

/** What each step logs (TRL's names in the comments). */
export interface DpoStepLog {
  step: number;
  loss: number;
  /** rewards/chosen, rewards/rejected: mean implicit rewards. */
  chosenReward: number;
  rejectedReward: number;
  /** rewards/margins */
  margin: number;
  /** rewards/accuracies: fraction of pairs with chosen reward > rejected reward. */
  accuracy: number;
  gradNorm: number;
  lr: number;
  stepMs: number;
  /** Tokens through the decoder (both sides, padding excluded) per second. */
  tokensPerSecond: number;
}

export class DpoDivergedError extends Error {}

export interface DpoState {
  /** Updates applied so far. */
  step: number;
  factors: Params;
  optimizer: AdamWState;
}

/** Fresh factors (PEFT init) and optimizer moments for a run. */
export function newDpoState(model: DpoModel, settings: DpoSettings): DpoState {
  const factors = initLoraParams(model.params, model.config, model.names, settings.lora, settings.seed);
  return { step: 0, factors, optimizer: initAdamW(factors) };
}

type LogprobInputs = Omit<DpoBatchArrays, 'weights' | 'answerMask'>;

/**
 * log p of each answer token [2B, K] for a batch; the adapter applies when `lora` is given.
 *
 * log p = hidden · row(token) − logsumexp(hidden · lm_headᵀ), whose gradient w.r.t. hidden is
 * row(token) − E_softmax[row]. jax-js 0.1.25 differentiates lm_head into a matmul that walks the
 * 113 MB weight with a stride for every output element (20–30 s a step at SmolLM2's 49k vocabulary),
 * so the gradient is supplied instead through a surrogate: the expected row is a forward matmul
 * (fast), and `surrogate − stopGradient(surrogate)` adds exactly zero to the value. The trainer
 * computes the same layer by layer; this whole-network form is what the tests compare with.
 */
export function answerTokenLogprobs(
  params: Params,
  model: DpoModel,
  data: LogprobInputs,
  lora?: LoraRun,
  differentiable = true,
): JaxArray {
  const hidden = llamaHidden(params, model.config, {
    inputsEmbeds: data.inputsEmbeds,
    positionIds: data.positions,
    attentionBias: data.attentionBias,
    names: model.names,
    lora,
  });
  return logprobsOfHidden(
    hidden,
    params[outputWeightName(model.config, model.names)]!.ref,
    data.rows,
    data.targetRows,
    differentiable,
  );
}

/** The same from the packed rows' final hidden states [B, T, D]; consumes its arguments. */
function logprobsOfHidden(
  hidden: JaxArray,
  head: JaxArray,
  rows: JaxArray,
  targetRows: JaxArray,
  differentiable: boolean,
): JaxArray {
  const [B, twoK] = rows.shape as [number, number];
  const picked = np
    .matmul(rows, hidden)
    .reshape([B, 2, twoK / 2, -1])
    .transpose([1, 0, 2, 3]); // chosen rows first
  const answerHidden = materialized(picked.reshape([2 * B, twoK / 2, picked.shape[3]!]));
  const logits = lax.stopGradient(np.matmul(answerHidden.ref, head.ref.transpose()));
  const max = np.max(logits.ref, -1, { keepdims: true });
  const logZ = np.log(np.sum(np.exp(logits.ref.sub(max.ref)), -1, { keepdims: true })).add(max);
  const value = lax.stopGradient(np.sum(answerHidden.ref.mul(targetRows.ref), -1)).sub(np.squeeze(logZ.ref, -1));
  if (!differentiable) {
    tree.dispose([answerHidden, logits, logZ, targetRows, head]);
    return value;
  }
  const expectedRow = lax.stopGradient(np.matmul(np.exp(logits.sub(logZ)), head));
  const surrogate = np.sum(answerHidden.mul(targetRows.sub(expectedRow)), -1);
  return value.add(surrogate.ref.sub(lax.stopGradient(surrogate)));
}

/** A JS integer hash of (seed, step, index) for dropout keys: the same masks in Node and browsers. */
function dropoutSeed(seed: number, step: number, index: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (const v of [step, index]) h = Math.imul(h ^ v, 0x85ebca6b) >>> 0;
  return (h ^ (h >>> 13)) >>> 0;
}

/** What the loss needs besides the final hidden states: the batch's answer rows and references. */
interface ObjectiveData {
  rows: JaxArray;
  targetRows: JaxArray;
  weights: JaxArray;
  answerMask: JaxArray;
  referenceChosen: JaxArray;
  referenceRejected: JaxArray;
  /** 1 / the number of chosen answer tokens in the micro-batch (a scalar; no division under grad). */
  perChosenToken: JaxArray;
}

/** The preference loss (plus the optional SFT term) of a micro-batch, with the rewards as auxiliary outputs. */
function dpoObjective(settings: DpoSettings): HeadObjective {
  const sftWeight = settings.sftWeight ?? 0;
  return (hidden, output, input) => {
    const { rows, targetRows, weights, answerMask, referenceChosen, referenceRejected, perChosenToken } =
      input as unknown as ObjectiveData;
    const B = referenceChosen.shape[0]!;
    const tokens = logprobsOfHidden(hidden, output, rows, targetRows, true);
    const sequences = np.sum(tokens.ref.mul(weights), -1);
    const [policyChosen, policyRejected] = np.split(sequences, [B], 0);
    const result = preferenceLoss(
      settings.loss,
      { policyChosen: policyChosen!, policyRejected: policyRejected!, referenceChosen, referenceRejected },
      settings.beta,
    );
    const rewards = { chosen: result.chosenRewards, rejected: result.rejectedRewards };
    if (!sftWeight) {
      tree.dispose([tokens, answerMask, perChosenToken]);
      return [result.loss, rewards];
    }
    // rpo: + α · mean NLL of the chosen answers' tokens.
    const chosenNll = np
      .sum(tokens.slice([0, B]).mul(answerMask.slice([0, B])))
      .mul(perChosenToken)
      .neg();
    return [result.loss.add(chosenNll.mul(sftWeight)), rewards];
  };
}

/**
 * The trainer for one model and settings: `reference` computes π_ref once per pair, `step` applies
 * one update from `batchSize × accumulation` pairs. Both await the engine between layers.
 */
export function dpoTrainer(model: DpoModel, settings: DpoSettings) {
  const modules = loraModules(settings.lora, model.names, model.config.num_hidden_layers);
  const layered = layeredModel(
    model,
    { scale: loraScale(settings.lora), dropoutRate: settings.lora.dropout },
    dpoObjective(settings),
  );
  const headLogprobs = jit((hidden: JaxArray, head: JaxArray, rows: JaxArray, targetRows: JaxArray) =>
    logprobsOfHidden(hidden, head, rows, targetRows, false),
  );
  const outputWeight = () => model.params[outputWeightName(model.config, model.names)]!.ref;
  const optimize = clippedAdamW();

  const learningRate = (step: number) =>
    settings.schedule === 'constant'
      ? constantSchedule({ step, warmupSteps: settings.warmupSteps, peakLr: settings.peakLr })
      : warmupCosine({
          step,
          warmupSteps: settings.warmupSteps,
          totalSteps: settings.totalSteps,
          peakLr: settings.peakLr,
        });

  /** One micro-batch's loss, implicit rewards and adapter gradient (dropout keyed by step and position). */
  async function microBatch(state: DpoState, chunk: PreparedPair[], index: number) {
    const reference = (side: 'chosen' | 'rejected') =>
      np.array(chunk.map((pair) => weightedSum(pair.reference[side], answerWeights(pair, side, settings.loss))));
    const dropoutKeys = Object.fromEntries(
      settings.lora.dropout > 0
        ? modules.map((m, i) => [
            m.path,
            random.key(dropoutSeed(settings.seed, state.step, index * modules.length + i)),
          ])
        : [],
    );
    const { inputsEmbeds, positions, attentionBias, ...answers } = dpoBatchArrays(model, chunk, settings.loss);
    const data: ObjectiveData = {
      ...answers,
      referenceChosen: reference('chosen'),
      referenceRejected: reference('rejected'),
      perChosenToken: np.array(1 / chunk.reduce((sum, pair) => sum + pair.chosen.length, 0), { dtype: np.float32 }),
    };
    const { loss, aux, grads } = await layered.lossAndGrad(
      state.factors,
      { inputsEmbeds, positions, attentionBias },
      data as unknown as JsTree<JaxArray>,
      dropoutKeys,
    );
    tree.dispose(dropoutKeys);
    const rewards = aux as unknown as { chosen: JaxArray; rejected: JaxArray };
    return {
      loss: ((await loss.data()) as Float32Array)[0]!,
      chosen: (await rewards.chosen.data()) as Float32Array,
      rejected: (await rewards.rejected.data()) as Float32Array,
      grads,
    };
  }

  return {
    /**
     * π_ref per answer token, in micro-batches: the base model (adapter off), or the base with
     * `factors` applied (borrowed) when the reference is an adapted model (an earlier round's).
     */
    async reference(pairs: DpoPair[], factors?: Params): Promise<ReferenceLogprobs[]> {
      const out: ReferenceLogprobs[] = [];
      for (let start = 0; start < pairs.length; start += settings.batchSize) {
        const chunk = pairs.slice(start, start + settings.batchSize);
        const { weights, answerMask, inputsEmbeds, positions, attentionBias, rows, targetRows } = dpoBatchArrays(
          model,
          chunk,
          'sigmoid',
        );
        tree.dispose([weights, answerMask]);
        const hidden = await layered.hidden(inputsEmbeds, positions, attentionBias, factors);
        const logprobs = headLogprobs(hidden, outputWeight(), rows, targetRows);
        const [N, K] = logprobs.shape as [number, number];
        const values = (await logprobs.data()) as Float32Array;
        const side = (n: number, length: number) => Array.from(values.subarray(n * K, n * K + length));
        chunk.forEach((pair, b) =>
          out.push({ chosen: side(b, pair.chosen.length), rejected: side(N / 2 + b, pair.rejected.length) }),
        );
      }
      return out;
    },

    /** One update from `batchSize × accumulation` pairs; updates `state` in place. */
    async step(state: DpoState, pairs: PreparedPair[]): Promise<DpoStepLog> {
      const started = performance.now();
      const micro = Array.from({ length: Math.ceil(pairs.length / settings.batchSize) }, (_, i) =>
        pairs.slice(i * settings.batchSize, (i + 1) * settings.batchSize),
      );
      let grads: Params | undefined;
      let lossSum = 0;
      const chosen: number[] = [];
      const rejected: number[] = [];
      let tokens = 0;
      for (const [index, chunk] of micro.entries()) {
        const share = chunk.length / pairs.length;
        const part = await microBatch(state, chunk, index);
        lossSum += part.loss * share;
        chosen.push(...part.chosen);
        rejected.push(...part.rejected);
        tokens += chunk.reduce(
          (sum, pair) => sum + 2 * pair.prompt.length + pair.chosen.length + pair.rejected.length,
          0,
        );
        const scaled = tree.map((x: JaxArray) => x.mul(share), part.grads) as Params;
        grads = grads ? (tree.map((a: JaxArray, b: JaxArray) => a.add(b), grads, scaled) as Params) : scaled;
      }
      if (!Number.isFinite(lossSum)) {
        tree.dispose(grads!);
        throw new DpoDivergedError(
          `The loss became ${lossSum} at step ${state.step + 1}; the run stopped and keeps the adapter of step ${state.step}.`,
        );
      }
      // The update reads its norm synchronously, which jax-js allows only once async work is done.
      for (const g of Object.values(grads!)) await g.blockUntilReady();
      const lr = learningRate(state.step);
      const previous = {
        factors: tree.ref(state.factors),
        m: tree.ref(state.optimizer.m),
        v: tree.ref(state.optimizer.v),
      };
      const next = optimize(state.factors, grads!, state.optimizer, {
        lr,
        weightDecay: settings.weightDecay,
        maxGradNorm: settings.maxGradNorm,
      });
      if (!Number.isFinite(next.gradNorm)) {
        tree.dispose([next.params, next.state.m, next.state.v]);
        state.factors = previous.factors;
        state.optimizer = { step: state.optimizer.step, m: previous.m, v: previous.v };
        throw new DpoDivergedError(
          `The gradient norm became ${next.gradNorm} at step ${state.step + 1}; the run stopped and keeps the adapter of step ${state.step}.`,
        );
      }
      tree.dispose([previous.factors, previous.m, previous.v]);
      state.factors = next.params;
      state.optimizer = next.state;
      state.step += 1;
      for (const array of [
        ...Object.values(state.factors),
        ...Object.values(state.optimizer.m),
        ...Object.values(state.optimizer.v),
      ])
        await array.blockUntilReady();
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      const stepMs = performance.now() - started;
      return {
        step: state.step,
        loss: lossSum,
        chosenReward: mean(chosen),
        rejectedReward: mean(rejected),
        margin: mean(chosen.map((c, i) => c - rejected[i]!)),
        accuracy: mean(chosen.map((c, i) => (c > rejected[i]! ? 1 : 0))),
        gradNorm: next.gradNorm,
        lr,
        stepMs,
        tokensPerSecond: (tokens / stepMs) * 1000,
      };
    },
  };
}
