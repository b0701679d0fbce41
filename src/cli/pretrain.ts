/**
 * npm run pretrain -- clip|vlm [--steps N] [--seed S] [--out DIR] [--vision-from CLIP_DIR|none] [--init-from VLM_DIR]
 *   [--batch B] [--lr LR] [--mix describe=…,question=…,critic=…,existence=…] [--look-style cells|lines|shapes] [--trainer torch|engine] [--threads N]
 *   [--checkpoint-every N] [--snapshot-every N] [--json]
 * npm run pretrain -- recipe [--out DIR] [--seed S] [--vision-from CLIP_DIR] [--threads N] [--snapshot-every N] [--json]
 * npm run pretrain -- export MODEL_DIR [--out DIR]
 * Trains an embedded model from scratch on the shapes world and writes it in the Hub layout.
 * Progress goes to stderr; with --json the last line of stdout is a JSON summary.
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { TaskMix } from '../pretraining/instruction-mix';
import { exportGraphs } from '../pretraining/export-graphs';
import { runPretrain, type PretrainOptions } from '../pretraining/pretrain-run';
import { runRecipe, type RecipeOptions } from '../pretraining/pretrain-recipe';
import { runTorchPretrain } from '../pretraining/pretrain-torch';
import { LOOK_STYLES, type LookStyle } from '../world';

export const PRETRAIN_USAGE =
  'Usage: npm run pretrain -- clip|vlm [--steps N] [--seed S] [--out DIR] [--vision-from CLIP_DIR|none] [--init-from VLM_DIR] [--batch B] [--lr LR] [--mix describe=…,question=…,critic=…,existence=…] [--look-style cells|lines|shapes] [--trainer torch|engine] [--threads N] [--checkpoint-every N] [--snapshot-every N] [--json], or npm run pretrain -- recipe [--out DIR] [--seed S] [--vision-from CLIP_DIR] [--threads N] [--snapshot-every N] [--json] (every shapes-vlm stage in order), or npm run pretrain -- export MODEL_DIR [--out DIR]';

function positive(name: string, text: string): number {
  const n = Number(text);
  if (!(n > 0)) throw new Error(`${name} must be a positive number, got "${text}".`);
  return n;
}

/** "describe=0.4,question=0.6,critic=0" → task shares. */
function parseMix(text: string): TaskMix {
  const mix: TaskMix = { describe: 0, question: 0, critic: 0, existence: 0 };
  for (const part of text.split(',')) {
    const [task, share] = part.split('=');
    if (!(task! in mix) || share === undefined)
      throw new Error(`--mix takes task=share pairs of describe, question, critic and existence, got "${text}".`);
    mix[task as keyof TaskMix] = positiveOrZero(share, text);
  }
  return mix;
}

function positiveOrZero(share: string, text: string): number {
  const n = Number(share);
  if (!(n >= 0)) throw new Error(`--mix shares must be numbers ≥ 0, got "${text}".`);
  return n;
}

function positiveWhole(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number ≥ 1, got "${text}".`);
  return n;
}

function lookStyle(text: string): LookStyle {
  const style = LOOK_STYLES.find((s) => s === text);
  if (!style) throw new Error(`--look-style is ${LOOK_STYLES.join(', ')}, got "${text}".`);
  return style;
}

function trainerName(text: string): 'torch' | 'engine' {
  if (text !== 'torch' && text !== 'engine') throw new Error(`--trainer is torch or engine, got "${text}".`);
  return text;
}

function whole(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, got "${text}".`);
  return n;
}

/** The value after the flag `args[i]`, or one sentence saying it has none. */
function valueAfter(args: string[], i: number): string {
  const next = args[i + 1];
  if (next === undefined) throw new Error(`${args[i]} needs a value. ${PRETRAIN_USAGE}`);
  return next;
}

/** The recipe's order: shapes-clip first; without a fresh one, the committed shapes-clip. */
function defaultClip(): string {
  return existsSync('.cache/pretrain/clip/model.safetensors') ? '.cache/pretrain/clip' : 'public/models/shapes-clip';
}

export function parsePretrainArgs(args: string[]): { options: PretrainOptions; json: boolean } {
  const [stage, ...rest] = args;
  if (stage !== 'clip' && stage !== 'vlm') throw new Error(`Pick a stage, clip, vlm or recipe. ${PRETRAIN_USAGE}`);
  const options: PretrainOptions = stage === 'vlm' ? { stage, visionFrom: defaultClip(), trainer: 'torch' } : { stage };
  let json = false;
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i]!;
    const value = () => valueAfter(rest, i++);
    if (flag === '--json') json = true;
    else if (flag === '--steps') options.steps = whole('--steps', value());
    else if (flag === '--seed') options.seed = whole('--seed', value());
    else if (flag === '--out') options.out = value();
    else if (flag === '--vision-from' && stage === 'vlm') options.visionFrom = value() === 'none' ? undefined : rest[i];
    else if (flag === '--init-from' && stage === 'vlm') options.initFrom = value();
    else if (flag === '--batch') options.batchSize = whole('--batch', value());
    else if (flag === '--lr') options.train = { peakLr: positive('--lr', value()) };
    else if (flag === '--mix' && stage === 'vlm') options.mix = parseMix(value());
    else if (flag === '--look-style' && stage === 'vlm') options.lookStyle = lookStyle(value());
    else if (flag === '--trainer' && stage === 'vlm') options.trainer = trainerName(value());
    else if (flag === '--threads') options.threads = positiveWhole('--threads', value());
    else if (flag === '--checkpoint-every') options.checkpointEvery = positiveWhole('--checkpoint-every', value());
    else if (flag === '--snapshot-every') options.snapshotEvery = positiveWhole('--snapshot-every', value());
    else throw new Error(`Unknown option ${flag}. ${PRETRAIN_USAGE}`);
  }
  return { options, json };
}

/** `recipe`'s flags: the folder of the stages, the first stage's CLIP, threads and weight snapshots. */
export function parseRecipeArgs(args: string[]): { options: RecipeOptions; json: boolean } {
  const options: RecipeOptions = { out: '.cache/pretrain/recipe', visionFrom: defaultClip(), stageOptions: {} };
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const flag = args[i]!;
    const value = () => valueAfter(args, i++);
    if (flag === '--json') json = true;
    else if (flag === '--out') options.out = value();
    else if (flag === '--vision-from') options.visionFrom = value();
    else if (flag === '--seed') options.stageOptions!.seed = whole('--seed', value());
    else if (flag === '--threads') options.stageOptions!.threads = positiveWhole('--threads', value());
    else if (flag === '--snapshot-every')
      options.stageOptions!.snapshotEvery = positiveWhole('--snapshot-every', value());
    else throw new Error(`Unknown option ${flag} for recipe. ${PRETRAIN_USAGE}`);
  }
  return { options, json };
}

export async function main(args: string[]): Promise<number> {
  try {
    if (args[0] === 'recipe') {
      const { options, json } = parseRecipeArgs(args.slice(1));
      const summary = await runRecipe(options);
      process.stderr.write(`the recipe's model is in ${summary.model}\n`);
      if (json) process.stdout.write(`${JSON.stringify(summary)}\n`);
      return 0;
    }
    if (args[0] === 'export') {
      const [dir, flag, out] = args.slice(1);
      if (!dir || (flag !== undefined && (flag !== '--out' || !out)))
        throw new Error(`Name the model folder to export. ${PRETRAIN_USAGE}`);
      const files = await exportGraphs(dir, out);
      process.stderr.write(`wrote ${files.join(', ')} to ${out ?? dir}\n`);
      return 0;
    }
    const { options, json } = parsePretrainArgs(args);
    if (options.trainer === 'torch') {
      const summary = await runTorchPretrain(options);
      process.stderr.write(`wrote ${summary.files.join(', ')} to ${summary.out}\n`);
      if (json) process.stdout.write(`${JSON.stringify(summary)}\n`);
      return 0;
    }
    const summary = await runPretrain(options);
    const { losses, ...rest } = summary;
    process.stderr.write(`wrote ${summary.files.join(', ')} to ${summary.out}\n`);
    if (json) process.stdout.write(`${JSON.stringify({ ...rest, firstLoss: losses[0], lastLoss: losses.at(-1) })}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
