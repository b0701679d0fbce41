/**
 * `npm run pretrain -- vlm` on PyTorch (the default trainer): this process trains the tokenizer,
 * writes config.json and the tokenizer into the output folder, then streams the recipe's batches
 * (pretrain-stream.ts) into pretrain/train.py, which writes model.safetensors; the engine's exporter
 * then writes the ONNX graphs. A checkpoint in the folder resumes the run at its step.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RECIPE } from './recipe';
import { vlmTokenizerFiles } from './tokenizer';
import { vlmExtraFiles } from './model-files';
import { findTorchPython } from '../../scripts/find-torch-python.mjs';
import { exportGraphs } from './export-graphs';
import { writeFiles } from './pretrain-files';
import { stageMerges, vlmStageData, type PretrainOptions } from './pretrain-run';
import { streamVlmBatches } from './pretrain-stream';

export interface TorchPretrainSummary {
  stage: 'vlm';
  trainer: 'torch';
  steps: number;
  startStep: number;
  seed: number;
  out: string;
  files: string[];
  parameters: number;
  vocabSize: number;
  firstLoss: number | null;
  lastLoss: number | null;
  taskLosses: Record<string, number>;
  seconds: number;
  stepsPerSecond: number;
  examplesPerSecond: number;
  tokensPerSecond: number;
  device: string;
}

/** Debian's python3-torch, installed by scripts/ensure-torch.mjs when it can be; one sentence when not. */
function torchPython(log: (line: string) => void): string {
  const found = findTorchPython();
  if (found) return found;
  log('PyTorch is missing; trying to install it…');
  const ensure = spawnSync(process.execPath, ['scripts/ensure-torch.mjs'], {
    encoding: 'utf8',
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  const installed = ensure.status === 0 ? findTorchPython() : undefined;
  if (!installed)
    throw new Error(ensure.stderr.trim().split('\n').at(-1) || 'PyTorch is missing and could not be installed.');
  return installed;
}

/** The safetensors file of a model folder, or one clear sentence. */
function weightsIn(dir: string, what: string): string {
  const file = join(dir, 'model.safetensors');
  if (!existsSync(file)) throw new Error(`There is no ${what} checkpoint at ${file}.`);
  return file;
}

function trainerArgs(options: PretrainOptions & { steps: number; seed: number }, out: string): string[] {
  const settings = { ...RECIPE.vlm.train, ...options.train };
  const args = [
    '-m',
    'pretrain.train',
    '--out',
    out,
    '--steps',
    String(options.steps),
    '--seed',
    String(options.seed),
    '--peak-lr',
    String(settings.peakLr),
    '--min-lr',
    String(settings.minLr),
    '--warmup-fraction',
    String(settings.warmupFraction),
    '--weight-decay',
    String(settings.weightDecay),
    '--max-grad-norm',
    String(settings.maxGradNorm),
    '--frozen-vision-fraction',
    String(RECIPE.vlm.frozenVisionFraction),
    '--threads',
    String(options.threads ?? 1),
    '--checkpoint-every',
    String(options.checkpointEvery ?? 250),
    '--snapshot-every',
    String(options.snapshotEvery ?? 0),
    '--log-every',
    String(options.steps <= 200 ? 1 : 10),
  ];
  if (options.initFrom) args.push('--init-from', weightsIn(options.initFrom, 'shapes-vlm'));
  else if (options.visionFrom) args.push('--vision-from', weightsIn(options.visionFrom, 'shapes-clip'));
  return args;
}

/** The step an interrupted run in `out` resumes at (0 for a fresh one). */
function resumeStep(out: string): number {
  const info = join(out, 'checkpoint.json');
  if (!existsSync(info)) return 0;
  try {
    const step = JSON.parse(readFileSync(info, 'utf8')).step;
    if (Number.isInteger(step) && step >= 0) return step;
  } catch {
    // fall through to the sentence below
  }
  throw new Error(`The checkpoint note ${info} cannot be read; delete ${join(out, 'checkpoint.*')} to start afresh.`);
}

/** `signal` stops the trainer (as an interruption would): the last checkpoint stays for a resume. */
export async function runTorchPretrain(input: PretrainOptions, signal?: AbortSignal): Promise<TorchPretrainSummary> {
  const log = input.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const options = { ...input, steps: input.steps ?? RECIPE.vlm.steps, seed: input.seed ?? 0, log };
  const out = options.out ?? '.cache/pretrain/vlm';
  const python = torchPython(log);
  const merges = stageMerges(options);
  const { tokenizer, config, spec } = vlmStageData(options, merges);
  const start = resumeStep(out);
  if (start >= options.steps)
    throw new Error(`The checkpoint in ${out} is already at step ${start}; ask for more --steps or use another --out.`);
  const json: Record<string, object> = {
    'config.json': config,
    ...vlmTokenizerFiles(tokenizer.vocab),
    ...vlmExtraFiles(config),
  };
  const jsonFiles = await writeFiles(
    out,
    new Map(Object.entries(json).map(([name, value]) => [name, `${JSON.stringify(value, null, 2)}\n`])),
  );

  const child = spawn(python, trainerArgs(options, out), {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, PYTHONUNBUFFERED: '1' },
  });
  let stdout = '';
  let lastError = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      lastError = line;
      log(line);
    }
  });
  const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
  const stop = () => child.kill('SIGKILL');
  signal?.addEventListener('abort', stop);
  await streamVlmBatches(spec, start, options.steps, child.stdin);
  const code = await exited;
  signal?.removeEventListener('abort', stop);
  if (signal?.aborted)
    throw new Error(`Pretraining was interrupted; run the same command again to resume from ${out}.`);
  if (code !== 0) throw new Error(lastError || `The PyTorch trainer stopped with exit code ${code}.`);
  const result = JSON.parse(stdout.trim().split('\n').at(-1)!);

  log(`exporting ONNX graphs to ${out}`);
  const graphs = await exportGraphs(out);
  const files = [...jsonFiles, 'model.safetensors', ...graphs].sort();
  return { stage: 'vlm', trainer: 'torch', seed: options.seed, out, files, vocabSize: tokenizer.vocab.size, ...result };
}
