/**
 * LoRA-DPO on a model's pairs, the one set-up the training worker and `selfalign train` (and
 * `selfalign round`) share: load the model (onnxruntime for the image features, the engine for
 * the text decoder), tokenise the pairs with their decisions applied, compute or reuse π_ref, then
 * train from a fresh adapter or a checkpoint. The host says where images come from and hears the
 * progress; it owns the returned state until `dispose`.
 */
import { tree } from '@jax-js/jax';
import type { RgbaImage } from '../../common/rgba-image';
import type { PairRecord } from '../../data/pairs/pair-records';
import type { TrainingCheckpoint } from '../../data/runs';
import { newDpoState, type DpoSettings, type DpoState, type DpoStepLog } from '../../engine/dpo/dpo-trainer';
import { adapterContentHash } from '../../data/evals';
import {
  exportPeftAdapter,
  importPeftAdapter,
  type PeftAdapter,
  type PeftAdapterFiles,
} from '../../engine/lora/peft-files';
import { adamwStateFromSafetensors, adamwStateToSafetensors, initAdamW } from '../../engine/optimizer';
import { paramsFromSafetensors, paramsToSafetensors } from '../../engine/safetensors-params';
import { detectCapabilities, loadVlm, readModelFile } from '../../runtime';
import type { Device } from '../../runtime/types';
import { dpoModelOf, loadEngineDecoder } from './engine-decoder';
import { tokenisePairs } from './pair-tokens';
import { dpoRun } from './train-run';

export type TrainingPhase = 'loading' | 'tokenising' | 'reference';

export interface TrainAdapterOptions {
  modelId: string;
  settings: DpoSettings;
  /** The pairs to train on, as stored: each trains with its decision applied (swap, edits). */
  pairs: PairRecord[];
  /** The pixels of a pair's image. */
  imageOf: (record: PairRecord) => Promise<RgbaImage>;
  /** Where onnxruntime computes the image features ('cpu' in Node, 'wasm' in a worker). */
  featuresDevice: Device;
  /** Resume from here; a fresh adapter when absent. */
  checkpoint?: TrainingCheckpoint;
  /**
   * The adapted model to start from (an earlier round's adapter, its LoRA settings those of
   * `settings.lora`): π_ref is the base with this adapter on, and, without a checkpoint, training
   * starts from its factors (step 0, fresh optimizer moments), so the result is again one adapter on
   * the base model. Absent: π_ref is the base model and the adapter starts fresh.
   */
  start?: PeftAdapterFiles;
  onPhase?: (phase: TrainingPhase, done: number, total: number) => void;
  /** After π_ref is known for every pair: computed ones are written into their records. */
  onReferences?: (pairs: PairRecord[]) => void;
  /** After each step; awaited, so a host can write a checkpoint before the next. */
  onStep?: (log: DpoStepLog, state: DpoState) => void | Promise<void>;
  /** Checked between steps: a stop keeps the state of the last finished step. */
  shouldStop?: () => boolean;
}

export interface TrainedAdapter {
  state: DpoState;
  logs: DpoStepLog[];
  /** The adapter as PEFT files. */
  adapter(): Promise<PeftAdapterFiles>;
  checkpoint(): Promise<TrainingCheckpoint>;
  /** Frees the decoder's weights and the adapter's state. */
  dispose(): void;
}

export async function checkpointOf(state: DpoState): Promise<TrainingCheckpoint> {
  return {
    step: state.step,
    factors: await paramsToSafetensors(state.factors),
    optimizer: await adamwStateToSafetensors(state.optimizer),
  };
}

export function restoreCheckpoint(checkpoint: TrainingCheckpoint): DpoState {
  return {
    step: checkpoint.step,
    factors: paramsFromSafetensors(checkpoint.factors),
    optimizer: adamwStateFromSafetensors(checkpoint.optimizer),
  };
}

/** The adapter a run starts from, checked against the model and the run's LoRA settings; the caller owns its factors. */
function startingAdapter(files: PeftAdapterFiles, modelId: string, settings: DpoSettings): PeftAdapter {
  const adapter = importPeftAdapter(files);
  const same = (a: readonly unknown[] = [], b: readonly unknown[] = []) =>
    a.length === b.length && [...a].sort().join() === [...b].sort().join();
  const { r, alpha, rslora, targets, layers } = adapter.config;
  const wanted = settings.lora;
  const fits =
    (!adapter.baseModel || adapter.baseModel === modelId) &&
    r === wanted.r &&
    alpha === wanted.alpha &&
    rslora === wanted.rslora &&
    same(targets, wanted.targets) &&
    same(layers ?? [], wanted.layers ?? []);
  if (!fits) {
    tree.dispose(adapter.factors);
    throw new Error(
      `The adapter to start from (${adapter.baseModel || 'unknown model'}, r ${r}, alpha ${alpha}) does not fit this run (${modelId}, r ${wanted.r}, alpha ${wanted.alpha}, the same targets and layers).`,
    );
  }
  return adapter;
}

/** Trains until the settings' last step or a stop; the engine must be started. */
export async function trainAdapter(options: TrainAdapterOptions): Promise<TrainedAdapter> {
  const { modelId, settings, onPhase = () => {} } = options;
  onPhase('loading', 0, 1);
  const fp32 = { vision_encoder: 'fp32', embed_tokens: 'fp32', decoder_model_merged: 'fp32' } as const;
  const vlm = await loadVlm({ modelId, device: options.featuresDevice, dtype: fp32 }, await detectCapabilities());
  const engine = loadEngineDecoder(
    new TextDecoder().decode(await readModelFile(modelId, 'config.json')),
    await readModelFile(modelId, 'model.safetensors', (done, total) => onPhase('loading', done, total)),
  );
  let pairs: Awaited<ReturnType<typeof tokenisePairs>> = [];
  try {
    pairs = await tokenisePairs(vlm, options.pairs, options.imageOf, (done, total) =>
      onPhase('tokenising', done, total),
    );
  } finally {
    await vlm.model.dispose();
  }
  const model = dpoModelOf(engine);
  const start = options.start && startingAdapter(options.start, modelId, settings);
  const referenceId = start ? `${modelId}+${await adapterContentHash(options.start!)}` : modelId;
  const run = dpoRun(model, referenceId, settings, start?.factors);
  const prepared = await run.prepare(pairs, (done, total) => onPhase('reference', done, total));
  options.onReferences?.(options.pairs);
  let state: DpoState;
  if (options.checkpoint) {
    state = restoreCheckpoint(options.checkpoint);
    if (start) tree.dispose(start.factors);
  } else if (start) state = { step: 0, factors: start.factors, optimizer: initAdamW(start.factors) };
  else state = newDpoState(model, settings);
  const logs = await run.train(state, prepared, (log) => options.onStep?.(log, state), options.shouldStop);
  return {
    state,
    logs,
    adapter: () => exportPeftAdapter({ config: settings.lora, baseModel: modelId, factors: state.factors }),
    checkpoint: () => checkpointOf(state),
    dispose: () => {
      tree.dispose([state.factors, state.optimizer.m, state.optimizer.v, engine.params]);
      for (const pair of pairs) pair.imageFeatures?.dispose();
    },
  };
}
