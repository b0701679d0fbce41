/**
 * One self-alignment round as typed calls: a method's pairs on train scenes, LoRA-DPO on them, and
 * the evaluation of the base and the adapted model. Nothing is read back from disk; the caller
 * (`selfalign round`, or the app) decides what to keep.
 */
import type { EvalSummary } from '../data/evals';
import type { PairRecord } from '../data/pairs/pair-records';
import { scenePairImage } from '../data/pairs/pair-images';
import type { MethodSettings } from '../data/runs';
import { DEFAULT_DPO_SETTINGS } from '../engine/dpo/dpo-options';
import type { DpoSettings, DpoStepLog } from '../engine/dpo/dpo-trainer';
import type { PeftAdapterFiles } from '../engine/lora/peft-files';
import { evaluateAdapted } from './evaluate-model';
import { makePairs, type MethodRunResult } from './method-run';
import { trainAdapter, type TrainingPhase } from './training/train-adapter';

export interface RoundOptions {
  modelId: string;
  settings: MethodSettings;
  /** Train scenes the method runs on (split 'train', the run's seed). */
  n: number;
  /** CSR's and FiSAO's CLIP model. */
  clipId: string;
  steps: number;
  evalN: number;
  /** How the adapted model's eval summary names the adapter. */
  adapterName: string;
  /** Fresh stages' progress: the method's items, training's phases and steps, each evaluation. */
  onMethodProgress?: (done: number, total: number) => void;
  onMade?: (made: MethodRunResult) => void;
  onTrainingPhase?: (phase: TrainingPhase, done: number, total: number) => void;
  onStep?: (log: DpoStepLog) => void;
  onEvalProgress?: (which: 'base' | 'adapted', done: number, total: number) => void;
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

/** The DPO settings of a round: the defaults, its steps and seed; FiSAO's token weights need the token-weighted loss. */
export function roundTrainingSettings(method: MethodSettings, steps: number): DpoSettings {
  return {
    ...DEFAULT_DPO_SETTINGS,
    totalSteps: steps,
    seed: method.seed,
    loss: method.method === 'fisao' ? 'token-weighted' : DEFAULT_DPO_SETTINGS.loss,
  };
}

export async function runRound(options: RoundOptions): Promise<RoundResult> {
  const { modelId, settings: method } = options;
  const made = await makePairs({
    modelId,
    clipId: options.clipId,
    request: { settings: method, scenes: { split: 'train', seed: method.seed, start: 0, n: options.n } },
    control: { onProgress: options.onMethodProgress },
  });
  options.onMade?.(made);
  if (made.pairs.length === 0)
    throw new Error(
      `${method.method} made no pairs from ${options.n} items (${JSON.stringify(made.counts)}), so there is nothing to train on.`,
    );

  const settings = roundTrainingSettings(method, options.steps);
  const trainedPairs = structuredClone(made.pairs);
  const trained = await trainAdapter({
    modelId,
    settings,
    pairs: trainedPairs,
    imageOf: async (record) => scenePairImage(record),
    featuresDevice: 'cpu',
    onPhase: options.onTrainingPhase,
    onStep: (log) => options.onStep?.(log),
  });
  let adapter: PeftAdapterFiles;
  try {
    adapter = await trained.adapter();
  } finally {
    trained.dispose();
  }

  const evaluate = (which: 'base' | 'adapted') =>
    evaluateAdapted({
      modelId,
      n: options.evalN,
      seed: 1234,
      ...(which === 'adapted' ? { adapter, adapterName: options.adapterName } : {}),
      onProgress: (done, total) => options.onEvalProgress?.(which, done, total),
    });
  const base = await evaluate('base');
  const adapted = await evaluate('adapted');
  return { made, settings, trainedPairs, adapter, logs: trained.logs, base, adapted };
}
