/**
 * The pretraining loop behind `npm run pretrain`: tokenizer → model → steps → files.
 *   clip: shapes-clip (CLIP) on (image, description sentence) pairs, InfoNCE.
 *   vlm:  shapes-vlm (Idefics3) on the instruction mix, its vision tower from shapes-clip; a warm-up
 *         with that tower frozen, then the full model.
 * Deterministic in (stage, steps, seed, sizes): the same options write the same weights.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tree } from '@jax-js/jax';
import { startEngine } from '../engine/jax-runtime';
import type { Params } from '../engine/init-weights';
import { clipBatch, vlmBatch, type ClipBatch, type ClipBatchSpec, type VlmBatch, type VlmBatchSpec } from './batches';
import { initClipModelParams } from './clip-towers';
import type { TaskMix } from './instruction-mix';
import type { LookStyle } from '../world';
import {
  clipConfigFor,
  DEFAULT_CLIP_SIZES,
  type ClipModelConfig,
  DEFAULT_VLM_SIZES,
  RECIPE,
  vlmConfigFor,
  type ClipSizes,
  type Stage,
  type TrainSettings,
  type VlmSizes,
} from './recipe';
import { stageLr, vlmScheduleAt, type VlmPhase } from './schedule';
import {
  CLIP_SPECIAL_TOKENS,
  clipTokenizerFiles,
  shapesTokenizer,
  trainShapesMerges,
  vlmTokenizerFiles,
} from './tokenizer';
import {
  clipTrainer,
  newTrainerState,
  setTrainable,
  vlmTrainableNames,
  vlmTrainer,
  type StepResult,
  type TrainerState,
} from './train-step';
import { initVlmParams, vlmImageSeqLen, type VlmConfig } from '../engine/vlm';
import { clipExtraFiles, vlmExtraFiles } from './model-files';
import { writeModelDir } from './pretrain-files';
import { modelGraphs } from './model-graphs';
import { paramsFromSafetensors } from '../engine/safetensors-params';
import { loadVisionFromClip } from './vision-from-clip';

export interface PretrainOptions {
  stage: Stage;
  steps?: number;
  seed?: number;
  /** Output folder; default `.cache/pretrain/<stage>`. */
  out?: string;
  /** VLM: the shapes-clip folder whose vision tower it starts from; none: random weights. */
  visionFrom?: string;
  /**
   * VLM: a shapes-vlm folder (same sizes) to continue from: every weight and its tokenizer are
   * loaded and AdamW starts afresh (PyTorch still begins with the frozen-vision phase; the engine
   * trainer does not).
   */
  initFrom?: string;
  /** Model sizes (tests use tiny ones); default the recipe's. */
  vlmSizes?: VlmSizes;
  clipSizes?: ClipSizes;
  batchSize?: number;
  /** VLM task shares; default RECIPE.vlm.mix. */
  mix?: TaskMix;
  /** VLM: how yes/no answers look first; default RECIPE.vlm.lookStyle. */
  lookStyle?: LookStyle;
  /** Overrides of the stage's optimiser settings (RECIPE.<stage>.train). */
  train?: Partial<TrainSettings>;
  /** BPE merges and the scenes their corpus comes from. */
  maxMerges?: number;
  corpusScenes?: number;
  /** VLM: PyTorch (pretrain/train.py, the CLI's default) or the engine's jax-js steps. */
  trainer?: 'torch' | 'engine';
  /** PyTorch: CPU threads (1 is robust on a busy 2-core machine), checkpoint and weight-snapshot intervals. */
  threads?: number;
  checkpointEvery?: number;
  snapshotEvery?: number;
  /** Receives progress lines (default: stderr). */
  log?: (line: string) => void;
}

export interface PretrainSummary {
  stage: Stage;
  steps: number;
  seed: number;
  out: string;
  files: string[];
  parameters: number;
  vocabSize: number;
  losses: number[];
  /** Loss on one fixed batch before and after training. */
  fixedBatchLoss: { initial: number; final: number };
  seconds: number;
  stepsPerSecond: number;
  tokensPerSecond: number;
  rssMiB: { start: number; end: number };
}

const mib = () => Math.round(process.memoryUsage().rss / 2 ** 20);

function formatEta(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** Everything a stage needs to run, behind one interface. */
interface StageRun {
  params: Params;
  /** What trains at first (the VLM sets it again at each phase change). */
  trainable: string[];
  vocabSize: number;
  step(state: TrainerState, step: number): StepResult;
  fixedLoss(params: Params): number;
  config: VlmConfig | ClipModelConfig;
  files(): Record<string, object>;
}

/**
 * The BPE merges of a stage. A continued VLM keeps its checkpoint's tokenizer, since its embedding
 * rows are that tokenizer's ids (text the merges never saw still encodes, in byte pieces); a fresh
 * stage trains them on the world's text.
 */
export function stageMerges(options: Pick<PretrainOptions, 'initFrom' | 'maxMerges' | 'corpusScenes'>): string[] {
  if (options.initFrom === undefined)
    return trainShapesMerges({ maxMerges: options.maxMerges, corpusScenes: options.corpusScenes });
  const file = join(options.initFrom, 'tokenizer.json');
  if (!existsSync(file)) throw new Error(`There is no shapes-vlm tokenizer at ${file}.`);
  const merges: unknown = JSON.parse(readFileSync(file, 'utf8'))?.model?.merges;
  if (!Array.isArray(merges) || !merges.every((m) => typeof m === 'string'))
    throw new Error(`${file} has no list of BPE merges, so the run cannot keep its tokenizer.`);
  return merges;
}

/** Every weight of a saved shapes-vlm, checked against the run's config. */
function continueFrom(config: VlmConfig, dir: string, log: (line: string) => void): Params {
  const file = join(dir, 'model.safetensors');
  if (!existsSync(file)) throw new Error(`There is no shapes-vlm checkpoint at ${file}.`);
  const expected = initVlmParams(config, 0);
  const names = Object.keys(expected);
  const params = paramsFromSafetensors(readFileSync(file), { names });
  const misfit = names.find((name) => params[name]!.shape.join() !== expected[name]!.shape.join());
  tree.dispose(expected);
  if (misfit) {
    tree.dispose(params);
    throw new Error(`${file} does not fit this run's sizes (${misfit}); continue with the sizes it was trained with.`);
  }
  log(`continuing from ${file}`);
  return params;
}

/** Loads shapes-clip's vision tower from `dir` into `params`. */
function startVisionFromClip(params: Params, dir: string | undefined, log: (line: string) => void): void {
  if (dir === undefined) {
    log('the vision tower starts from random weights');
    return;
  }
  const file = join(dir, 'model.safetensors');
  if (!existsSync(file))
    throw new Error(`There is no shapes-clip checkpoint at ${file}; run \`npm run pretrain -- clip\` first.`);
  const clip = paramsFromSafetensors(readFileSync(file), { prefix: 'vision_model.' });
  const replaced = loadVisionFromClip(params, clip);
  tree.dispose(clip);
  log(`vision tower from ${file} (${replaced.length} tensors)`);
}

type StageOptions = Required<Pick<PretrainOptions, 'steps' | 'seed'>> & PretrainOptions;

/** The VLM's config, tokenizer and batch stream for a run's options. */
export function vlmStageData(options: StageOptions, merges: string[]) {
  const tokenizer = shapesTokenizer(merges);
  const config = vlmConfigFor(tokenizer.vocab, options.vlmSizes ?? DEFAULT_VLM_SIZES);
  const spec: VlmBatchSpec = {
    split: RECIPE.data.split,
    seed: options.seed,
    batchSize: options.batchSize ?? RECIPE.vlm.train.batchSize,
    mix: options.mix ?? RECIPE.vlm.mix,
    lookStyle: options.lookStyle ?? RECIPE.vlm.lookStyle,
    encode: tokenizer.encode,
    imageSeqLen: vlmImageSeqLen(config),
    padId: config.pad_token_id!,
    imageSize: config.vision_config.image_size,
  };
  return { tokenizer, config, spec };
}

/** CLIP's config, tokenizer and batch stream for a run's options. */
export function clipStageData(options: StageOptions, merges: string[]) {
  const tokenizer = shapesTokenizer(merges, CLIP_SPECIAL_TOKENS);
  const config = clipConfigFor(tokenizer.vocab, options.clipSizes ?? DEFAULT_CLIP_SIZES);
  const spec: ClipBatchSpec = {
    split: RECIPE.data.split,
    seed: options.seed,
    batchSize: options.batchSize ?? RECIPE.clip.train.batchSize,
    encode: tokenizer.encode,
    bosId: tokenizer.vocab.id('<|startoftext|>'),
    eosId: tokenizer.vocab.id('<|endoftext|>'),
    maxLength: config.text_config.max_position_embeddings,
    imageSize: config.vision_config.image_size,
  };
  return { tokenizer, config, spec };
}

function vlmRun(options: StageOptions, merges: string[]): StageRun {
  const { tokenizer, config, spec } = vlmStageData(options, merges);
  const fixed: VlmBatch = vlmBatch({ ...spec, split: 'test' }, 0);
  let phase: VlmPhase | undefined;
  const settings = { ...RECIPE.vlm.train, ...options.train };
  const params = options.initFrom
    ? continueFrom(config, options.initFrom, options.log!)
    : initVlmParams(config, options.seed);
  if (!options.initFrom) startVisionFromClip(params, options.visionFrom, options.log!);
  const warmupFraction = options.initFrom ? 0 : RECIPE.vlm.frozenVisionFraction;
  const trainer = vlmTrainer(config);
  return {
    params,
    trainable: [],
    vocabSize: tokenizer.vocab.size,
    step(state, step) {
      const schedule = vlmScheduleAt(step, options.steps, settings, warmupFraction);
      if (schedule.phase !== phase) {
        phase = schedule.phase;
        setTrainable(state, vlmTrainableNames(state.params, phase));
      }
      return trainer.step(state, vlmBatch(spec, step), { ...settings, lr: schedule.lr });
    },
    fixedLoss: (params) => trainer.loss(params, fixed),
    files: () => ({ 'config.json': config, ...vlmTokenizerFiles(tokenizer.vocab), ...vlmExtraFiles(config) }),
    config,
  };
}

function clipRun(options: StageOptions, merges: string[]): StageRun {
  const { tokenizer, config, spec } = clipStageData(options, merges);
  const fixed: ClipBatch = clipBatch({ ...spec, split: 'test' }, 0);
  const settings = { ...RECIPE.clip.train, ...options.train };
  const params = initClipModelParams(config, options.seed);
  const trainer = clipTrainer(config);
  return {
    params,
    trainable: Object.keys(params),
    vocabSize: tokenizer.vocab.size,
    step: (state, step) =>
      trainer.step(state, clipBatch(spec, step), { ...settings, lr: stageLr(step, options.steps, settings) }),
    fixedLoss: (params) => trainer.loss(params, fixed),
    files: () => ({
      'config.json': config,
      ...clipTokenizerFiles(tokenizer.vocab, config.text_config.max_position_embeddings),
      ...clipExtraFiles(config),
    }),
    config,
  };
}

export async function runPretrain(input: PretrainOptions): Promise<PretrainSummary> {
  const log = input.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const options = { ...input, steps: input.steps ?? RECIPE[input.stage].steps, seed: input.seed ?? 0, log };
  const out = options.out ?? `.cache/pretrain/${options.stage}`;
  if (!Number.isInteger(options.steps) || options.steps < 1)
    throw new Error(`--steps must be a whole number ≥ 1, got ${options.steps}.`);
  await startEngine();
  const rssStart = mib();

  const merges = stageMerges(options);
  const run = options.stage === 'vlm' ? vlmRun(options, merges) : clipRun(options, merges);
  const parameters = Object.values(run.params).reduce((sum, p) => sum + p.size, 0);
  log(
    `pretrain ${options.stage}: ${parameters} parameters, vocabulary ${run.vocabSize}, ${options.steps} steps, seed ${options.seed}`,
  );
  const initial = run.fixedLoss(run.params);

  const state = newTrainerState(run.params, run.trainable);
  const losses: number[] = [];
  let tokens = 0;
  const started = performance.now();
  const every = options.steps <= 200 ? 1 : 10;
  for (let step = 0; step < options.steps; step++) {
    const result = run.step(state, step);
    losses.push(result.loss);
    tokens += result.tokens;
    if (!Number.isFinite(result.loss))
      throw new Error(`The loss became ${result.loss} at step ${step + 1}; lower the learning rate.`);
    if ((step + 1) % every === 0 || step + 1 === options.steps) {
      const elapsed = (performance.now() - started) / 1000;
      const rate = (step + 1) / elapsed;
      log(
        `step ${step + 1}/${options.steps} loss ${result.loss.toFixed(4)} gnorm ${result.gradNorm.toFixed(2)} ` +
          `${rate.toFixed(2)} steps/s ${Math.round(tokens / elapsed)} tok/s ETA ${formatEta((options.steps - step - 1) / rate)} rss ${mib()} MiB`,
      );
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const final = run.fixedLoss(state.params);
  log(`exporting ONNX graphs to ${out}`);
  const files = await writeModelDir(out, state.params, run.files(), modelGraphs(run.config, state.params));
  tree.dispose([state.params, state.optimizer.m, state.optimizer.v]);
  return {
    stage: options.stage,
    steps: options.steps,
    seed: options.seed,
    out,
    files,
    parameters,
    vocabSize: run.vocabSize,
    losses,
    fixedBatchLoss: { initial, final },
    seconds,
    stepsPerSecond: options.steps / seconds,
    tokensPerSecond: tokens / seconds,
    rssMiB: { start: rssStart, end: mib() },
  };
}
