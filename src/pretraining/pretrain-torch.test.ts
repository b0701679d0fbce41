// `npm run pretrain -- vlm` on PyTorch: tiny sizes, a handful of steps, so each run takes seconds.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSafetensorsHeader } from '../engine/safetensors';
import { IMAGE_SIZE } from '../world';
import type { PretrainOptions } from './pretrain-run';
import { runRecipe } from './pretrain-recipe';
import { runTorchPretrain } from './pretrain-torch';

const tiny: PretrainOptions = {
  stage: 'vlm',
  vlmSizes: {
    vision: { hidden: 16, layers: 1, heads: 2, mlp: 32, patch: 16 },
    text: { hidden: 32, layers: 2, heads: 2, kvHeads: 1, mlp: 64 },
    imageSize: IMAGE_SIZE,
    scaleFactor: 2,
  },
  batchSize: 4,
  mix: { describe: 1, question: 1, critic: 0 },
  maxMerges: 80,
  corpusScenes: 80,
  seed: 2,
  log: () => {},
};
const scratch = () => mkdtempSync(join(tmpdir(), 'pretrain-torch-'));
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('npm run pretrain -- vlm (PyTorch)', () => {
  it('writes a Hub-layout model whose weights and graphs the app loads', async () => {
    const out = scratch();
    const summary = await runTorchPretrain({ ...tiny, steps: 8, out });
    expect(summary).toMatchObject({ trainer: 'torch', steps: 8, startStep: 0, device: 'cpu' });
    expect(summary.lastLoss!).toBeLessThan(summary.firstLoss!);
    expect(summary.files).toEqual(
      expect.arrayContaining([
        'config.json',
        'model.safetensors',
        'tokenizer.json',
        'onnx/decoder_model_merged_q4.onnx',
      ]),
    );
    const names = readSafetensorsHeader(readFileSync(join(out, 'model.safetensors'))).entries.map((e) => e.name);
    expect(names).toContain('model.text_model.layers.1.self_attn.q_proj.weight');
    expect(names).toContain('model.connector.modality_projection.proj.weight');
  }, 120_000);

  it('resumes an interrupted run at its checkpoint and ends with the same weights as an uninterrupted one', async () => {
    const straight = scratch();
    await runTorchPretrain({ ...tiny, steps: 24, out: straight });
    const resumed = scratch();
    const interrupt = new AbortController();
    const stopAtStep = (line: string) => {
      if (line.startsWith('step 13/')) interrupt.abort();
    };
    await expect(
      runTorchPretrain({ ...tiny, steps: 24, out: resumed, checkpointEvery: 4, log: stopAtStep }, interrupt.signal),
    ).rejects.toThrow(`Pretraining was interrupted; run the same command again to resume from ${resumed}.`);
    expect(existsSync(join(resumed, 'model.safetensors'))).toBe(false);
    const lines: string[] = [];
    const summary = await runTorchPretrain({
      ...tiny,
      steps: 24,
      out: resumed,
      checkpointEvery: 4,
      log: (line) => lines.push(line),
    });
    expect([12, 16]).toContain(summary.startStep); // the last checkpoint before the kill landed
    expect(lines.some((line) => line.startsWith(`resuming at step ${summary.startStep}`))).toBe(true);
    expect(sha256(join(resumed, 'model.safetensors'))).toBe(sha256(join(straight, 'model.safetensors')));
  }, 180_000);

  it('refuses a corrupt checkpoint in one sentence and overwrites nothing', async () => {
    const out = scratch();
    await runTorchPretrain({ ...tiny, steps: 2, out });
    const before = sha256(join(out, 'model.safetensors'));
    writeFileSync(join(out, 'checkpoint.pt'), 'not a checkpoint');
    await expect(runTorchPretrain({ ...tiny, steps: 4, out })).rejects.toThrow(
      /^The checkpoint .*checkpoint\.pt cannot be read \(\w+\); delete it to start afresh\.$/,
    );
    expect(sha256(join(out, 'model.safetensors'))).toBe(before);
    expect(readFileSync(join(out, 'checkpoint.pt'), 'utf8')).toBe('not a checkpoint');
  }, 120_000);

  it("runs the recipe's stages in order, each continuing from the one before with its tokenizer, and skips finished ones", async () => {
    const out = scratch();
    const { stage: _stage, mix: _mix, log: _log, ...stageOptions } = tiny;
    const stages = [
      { name: 'warmup', steps: 3, mix: { existence: 1 } },
      { name: 'full', steps: 3 },
    ];
    const first = await runRecipe({ out, stages, stageOptions, log: () => {} });
    expect(first.model).toBe(join(out, 'full'));
    expect(first.stages.map((s) => [s.name, s.skipped])).toEqual([
      ['warmup', false],
      ['full', false],
    ]);
    expect(Object.keys(first.stages[0]!.summary!.taskLosses)).toEqual(['existence']);
    expect(first.stages[1]!.summary!.startStep).toBe(0);
    const tokenizer = (stage: string) => readFileSync(join(out, stage, 'tokenizer.json'), 'utf8');
    expect(tokenizer('full')).toBe(tokenizer('warmup'));
    expect(existsSync(join(out, 'full', 'onnx', 'decoder_model_merged.onnx'))).toBe(true);
    const weights = sha256(join(out, 'full', 'model.safetensors'));
    const again = await runRecipe({ out, stages, stageOptions, log: () => {} });
    expect(again.stages.map((s) => s.skipped)).toEqual([true, true]);
    expect(sha256(join(out, 'full', 'model.safetensors'))).toBe(weights);
  }, 180_000);

  it('says in one sentence, with a non-zero exit, when no Python has torch', () => {
    const out = scratch();
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'src/cli/pretrain.ts', 'vlm', '--steps', '2', '--out', out],
      {
        encoding: 'utf8',
        env: { ...process.env, SELFALIGN_PYTHON: '/nonexistent/python3' },
      },
    );
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n').at(-1)).toBe(
      'SELFALIGN_PYTHON (/nonexistent/python3) cannot import torch; point it at a Python with PyTorch.',
    );
    expect(existsSync(join(out, 'model.safetensors'))).toBe(false);
  }, 60_000);
});
