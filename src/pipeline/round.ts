/**
 * Self-alignment rounds as typed calls: a method's pairs on pool scenes, LoRA-DPO on them, and
 * the evaluation of the base and each adapted model. Rounds iterate as CSR does: round k + 1
 * samples its pairs from round k's adapted model, and round k's model is its π_ref. Round k + 1
 * starts training from round k's adapter (its factors, fresh optimizer moments; trainAdapter's
 * `start`), so every round's result is one adapter of the same rank on the base model. Nothing is
 * read back from disk; the caller (`selfalign round`, or the app) decides what to keep.
 */
import { adapterRef, type EvalAdapterRef, type EvalSummary } from '../data/evals';
import { compareResults, type ResultComparison } from '../evaluation';
import type { PairRecord } from '../data/pairs/pair-records';
import { scenePairImage } from '../data/pairs/pair-images';
import type { MethodSettings } from '../data/runs';
import {
  ROUND_EVAL_SEED,
  roundPairsRequest,
  roundTrainingSettings,
  type RoundTrainingOverrides,
} from './round-settings';
import type { DpoSettings, DpoStepLog } from '../engine/dpo/dpo-trainer';
import type { PeftAdapterFiles } from '../engine/lora/peft-files';
import { evaluateAdapted } from './evaluate-model';
import { makePairs, type MethodRunResult } from './method-run';
import { trainAdapter, type TrainingPhase } from './training/train-adapter';

export { ROUND_EVAL_SEED, roundPairsRequest, roundTrainingSettings };

export interface RoundOptions {
  modelId: string;
  settings: MethodSettings;
  /** Scenes the method runs on (METHOD_SPLIT, the run's seed). */
  n: number;
  /** CSR's and FiSAO's CLIP model. */
  clipId: string;
  steps: number;
  /** The DPO step's settings other than the defaults (learning rate, β, SFT weight …). */
  training?: RoundTrainingOverrides;
  evalN: number;
  /** How the adapted model's eval summary names the adapter (of round k, 1-based, when there are several). */
  adapterName: string | ((round: number) => string);
  /** Where training computes the pairs' image features: 'cpu' in Node (the default), 'wasm' in a page. */
  featuresDevice?: 'cpu' | 'wasm';
  /** Fresh stages' progress: the method's items, training's phases and steps, each evaluation; `round` is 1-based. */
  onRoundStart?: (round: number) => void;
  onMethodProgress?: (done: number, total: number) => void;
  /** FiSAO's calibration images before its items. */
  onCalibration?: (done: number, total: number) => void;
  onMade?: (made: MethodRunResult, round: number) => void;
  onTrainingPhase?: (phase: TrainingPhase, done: number, total: number) => void;
  onStep?: (log: DpoStepLog) => void;
  onEvalProgress?: (which: 'base' | 'adapted', done: number, total: number) => void;
  /** After each round, with its result (its adapter can be written before the next round starts). */
  onRound?: (round: RoundStep, index: number) => void;
}

export interface RoundsOptions extends RoundOptions {
  /** K ≥ 1 rounds. */
  rounds: number;
}

/** One round of several: its pairs, training and adapted model, and its paired deltas against the base model. */
export interface RoundStep {
  made: MethodRunResult;
  settings: DpoSettings;
  /** The pairs as trained, with their reference log-probs. */
  trainedPairs: PairRecord[];
  adapter: PeftAdapterFiles;
  logs: DpoStepLog[];
  /** The adapter the pairs were sampled with and π_ref had on: the previous round's; null in round 1 (the base model). */
  sampledWith: EvalAdapterRef | null;
  adapted: EvalSummary;
  /** adapted − base on the same test scenes, with 95% paired-bootstrap intervals and the scenes fixed or introduced. */
  compared: ResultComparison;
}

export interface RoundsResult {
  base: EvalSummary;
  rounds: RoundStep[];
}

export interface RoundResult {
  made: MethodRunResult;
  settings: DpoSettings;
  /** The pairs as trained, with their reference log-probs. */
  trainedPairs: PairRecord[];
  adapter: PeftAdapterFiles;
  logs: DpoStepLog[];
  base: EvalSummary;
  adapted: EvalSummary;
}

export async function runRounds(options: RoundsOptions): Promise<RoundsResult> {
  const { modelId, settings: method } = options;
  const evaluate = (which: 'base' | 'adapted', adapter?: PeftAdapterFiles, adapterName?: string) =>
    evaluateAdapted({
      modelId,
      n: options.evalN,
      seed: ROUND_EVAL_SEED,
      ...(adapter ? { adapter, adapterName } : {}),
      onProgress: (done, total) => options.onEvalProgress?.(which, done, total),
    });
  const rounds: RoundStep[] = [];
  let base: EvalSummary | undefined;
  let previous: { adapter: PeftAdapterFiles; ref: EvalAdapterRef } | undefined;
  for (let k = 1; k <= options.rounds; k++) {
    options.onRoundStart?.(k);
    const made = await makePairs({
      modelId,
      clipId: options.clipId,
      request: roundPairsRequest(method, options.n),
      adapter: previous?.adapter,
      control: { onProgress: options.onMethodProgress, onCalibration: options.onCalibration },
    });
    options.onMade?.(made, k);
    if (made.pairs.length === 0)
      throw new Error(
        `${method.method} made no pairs from ${options.n} items in round ${k} (${JSON.stringify(made.counts)}), so there is nothing to train on.`,
      );

    const settings = roundTrainingSettings(method, options.steps, options.training);
    const trainedPairs = structuredClone(made.pairs);
    const trained = await trainAdapter({
      modelId,
      settings,
      pairs: trainedPairs,
      imageOf: async (record) => scenePairImage(record),
      featuresDevice: options.featuresDevice ?? 'cpu',
      start: previous?.adapter,
      onPhase: options.onTrainingPhase,
      onStep: (log) => options.onStep?.(log),
    });
    let adapter: PeftAdapterFiles;
    try {
      adapter = await trained.adapter();
    } finally {
      trained.dispose();
    }
    const name = typeof options.adapterName === 'string' ? options.adapterName : options.adapterName(k);
    base ??= await evaluate('base');
    const adapted = await evaluate('adapted', adapter, name);
    const step: RoundStep = {
      made,
      settings,
      trainedPairs,
      adapter,
      logs: trained.logs,
      sampledWith: previous?.ref ?? null,
      adapted,
      compared: compareResults(base, adapted),
    };
    rounds.push(step);
    options.onRound?.(step, k);
    previous = { adapter, ref: adapted.adapter ?? (await adapterRef(name, adapter)) };
  }
  return { base: base!, rounds };
}

/** One round: runRounds with K = 1. */
export async function runRound(options: RoundOptions): Promise<RoundResult> {
  const { base, rounds } = await runRounds({ ...options, rounds: 1 });
  const { made, settings, trainedPairs, adapter, logs, adapted } = rounds[0]!;
  return { made, settings, trainedPairs, adapter, logs, base, adapted };
}
