/**
 * `npm run pretrain -- recipe`: shapes-vlm's whole recipe (RECIPE.vlm.stages) on PyTorch, each stage
 * in its own folder under `out`, continuing from the one before; the last folder is the finished
 * model (weights, tokenizer, graphs). A stage whose folder holds its weights is done and skipped, and
 * an interrupted one resumes at its checkpoint, so running the same command again picks the run up.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { PretrainOptions } from './pretrain-run';
import { runTorchPretrain, type TorchPretrainSummary } from './pretrain-torch';
import { RECIPE, type RecipeStage } from './recipe';

export interface RecipeOptions {
  out: string;
  /** The shapes-clip folder the first stage's vision tower comes from. */
  visionFrom?: string;
  stages?: readonly RecipeStage[];
  /** Passed to every stage (threads, snapshots, sizes in tests …). */
  stageOptions?: Omit<PretrainOptions, 'stage' | 'out' | 'steps' | 'initFrom' | 'visionFrom' | 'mix' | 'lookStyle'>;
  log?: (line: string) => void;
}

export interface RecipeSummary {
  out: string;
  /** The finished model's folder: the last stage's. */
  model: string;
  stages: { name: string; dir: string; skipped: boolean; summary?: TorchPretrainSummary }[];
}

export async function runRecipe(options: RecipeOptions, signal?: AbortSignal): Promise<RecipeSummary> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const stages = options.stages ?? RECIPE.vlm.stages;
  const done: RecipeSummary['stages'] = [];
  let previous: string | undefined;
  for (const [i, stage] of stages.entries()) {
    const dir = join(options.out, stage.name);
    if (existsSync(join(dir, 'model.safetensors'))) {
      log(`stage ${i + 1}/${stages.length} (${stage.name}) is done in ${dir}; skipping it`);
      done.push({ name: stage.name, dir, skipped: true });
    } else {
      log(`stage ${i + 1}/${stages.length} (${stage.name}): ${stage.steps} steps into ${dir}`);
      const summary = await runTorchPretrain(
        {
          ...options.stageOptions,
          stage: 'vlm',
          out: dir,
          steps: stage.steps,
          ...(stage.mix ? { mix: stage.mix } : {}),
          ...(stage.lookStyle ? { lookStyle: stage.lookStyle } : {}),
          ...(stage.peakLr ? { train: { ...options.stageOptions?.train, peakLr: stage.peakLr } } : {}),
          ...(previous ? { initFrom: previous } : { visionFrom: options.visionFrom }),
          log,
        },
        signal,
      );
      done.push({ name: stage.name, dir, skipped: false, summary });
    }
    previous = dir;
  }
  return { out: options.out, model: previous!, stages: done };
}
