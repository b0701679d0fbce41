import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSafetensorsHeader } from '../engine/safetensors';
import { exportGraphs } from '../pretraining/export-graphs';
import { parsePretrainArgs, parseRecipeArgs } from './pretrain';
import { runPretrain, type PretrainOptions } from '../pretraining/pretrain-run';
import { IMAGE_SIZE } from '../world';

/** Tiny models and a small tokenizer, so each run takes seconds. */
const tiny: Omit<PretrainOptions, 'stage'> = {
  vlmSizes: {
    vision: { hidden: 16, layers: 1, heads: 2, mlp: 32, patch: 16 },
    text: { hidden: 32, layers: 2, heads: 2, kvHeads: 1, mlp: 64 },
    imageSize: IMAGE_SIZE,
    scaleFactor: 2,
  },
  clipSizes: {
    vision: { hidden: 16, layers: 1, heads: 2, mlp: 32, patch: 16 },
    text: { hidden: 16, layers: 1, heads: 2, mlp: 32, positions: 32 },
    projection: 16,
    imageSize: IMAGE_SIZE,
  },
  batchSize: 4,
  // Critic prompts are ~250 tokens: left out here to keep the runs short (the data tests cover them).
  mix: { describe: 1, question: 1, critic: 0 },
  maxMerges: 80,
  corpusScenes: 80,
  log: () => {},
};
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const scratch = () => mkdtempSync(join(tmpdir(), 'pretrain-'));

describe('npm run pretrain', () => {
  it('trains the VLM for 20 steps: the loss falls and a Hub-layout model is written', async () => {
    const out = scratch();
    const summary = await runPretrain({ ...tiny, stage: 'vlm', steps: 20, seed: 1, out });
    expect(summary.losses).toHaveLength(20);
    expect(summary.fixedBatchLoss.final).toBeLessThan(summary.fixedBatchLoss.initial);
    expect(mean(summary.losses.slice(-5))).toBeLessThan(mean(summary.losses.slice(0, 5)));
    const graphs = ['decoder_model_merged', 'embed_tokens', 'vision_encoder'].flatMap((name) =>
      ['', '_q4', '_quantized'].map((suffix) => `onnx/${name}${suffix}.onnx`),
    );
    expect(summary.files).toEqual([
      'config.json',
      'generation_config.json',
      'model.safetensors',
      ...graphs.sort(),
      'preprocessor_config.json',
      'processor_config.json',
      'tokenizer.json',
      'tokenizer_config.json',
    ]);
    const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'));
    expect(config.model_type).toBe('idefics3');
    expect(JSON.parse(readFileSync(join(out, 'processor_config.json'), 'utf8')).image_seq_len).toBe(9); // (96 / 16)² patches, ÷ 2² by the pixel shuffle
    const names = readSafetensorsHeader(readFileSync(join(out, 'model.safetensors'))).entries.map((e) => e.name);
    expect(names).toContain('model.connector.modality_projection.proj.weight');
    expect(names).toContain('model.text_model.layers.1.mlp.down_proj.weight');
    expect(names).toContain('lm_head.weight');
    expect(summary.parameters).toBeGreaterThan(0);

    // A continuation starts from these weights: its loss on the fixed batch starts where this run ended.
    const lines: string[] = [];
    const continued = await runPretrain({
      ...tiny,
      stage: 'vlm',
      steps: 1,
      seed: 1,
      out: scratch(),
      initFrom: out,
      log: (line) => lines.push(line),
    });
    expect(lines).toContain(`continuing from ${join(out, 'model.safetensors')}`);
    expect(continued.fixedBatchLoss.initial).toBeCloseTo(summary.fixedBatchLoss.final, 5);
  }, 90_000);

  it('trains CLIP for 20 steps: the contrastive loss falls', async () => {
    const out = scratch();
    const summary = await runPretrain({ ...tiny, stage: 'clip', steps: 20, seed: 1, out, batchSize: 8 });
    expect(summary.fixedBatchLoss.final).toBeLessThan(summary.fixedBatchLoss.initial);
    expect(mean(summary.losses.slice(-5))).toBeLessThan(mean(summary.losses.slice(0, 5)));
    const names = readSafetensorsHeader(readFileSync(join(out, 'model.safetensors'))).entries.map((e) => e.name);
    expect(names).toEqual(
      expect.arrayContaining(['logit_scale', 'text_projection.weight', 'visual_projection.weight']),
    );
    expect(summary.files).toEqual(expect.arrayContaining(['onnx/text_model.onnx', 'onnx/vision_model.onnx']));
    const tokenizer = JSON.parse(readFileSync(join(out, 'tokenizer.json'), 'utf8'));
    expect(tokenizer.post_processor.type).toBe('TemplateProcessing');

    // The VLM stage starts its vision tower from this CLIP (the tiny sizes match).
    const lines: string[] = [];
    await runPretrain({
      ...tiny,
      stage: 'vlm',
      steps: 1,
      seed: 1,
      out: scratch(),
      visionFrom: out,
      log: (line) => lines.push(line),
    });
    expect(lines.find((line) => line.startsWith('vision tower'))).toBe(
      `vision tower from ${join(out, 'model.safetensors')} (20 tensors)`,
    ); // all 21 but the patch bias
    await expect(runPretrain({ ...tiny, stage: 'vlm', steps: 1, visionFrom: scratch() })).rejects.toThrow(
      'There is no shapes-clip checkpoint',
    );

    // Re-exporting from the saved weights writes the same graphs.
    const again = scratch();
    expect(await exportGraphs(out, again)).toEqual(['onnx/text_model.onnx', 'onnx/vision_model.onnx']);
    expect(sha256(join(again, 'onnx/text_model.onnx'))).toBe(sha256(join(out, 'onnx/text_model.onnx')));
  }, 90_000);

  it('writes the same weights for the same seed, and others for another seed', async () => {
    const run = async (seed: number) => {
      const out = scratch();
      await runPretrain({ ...tiny, stage: 'vlm', steps: 3, seed, out });
      return sha256(join(out, 'model.safetensors'));
    };
    const first = await run(5);
    expect(await run(5)).toBe(first);
    expect(await run(6)).not.toBe(first);
  }, 60_000);

  it('reads its arguments and explains bad ones in one sentence', () => {
    expect(parsePretrainArgs(['vlm', '--steps', '20', '--seed', '3', '--out', 'x', '--json'])).toEqual({
      options: {
        stage: 'vlm',
        steps: 20,
        seed: 3,
        out: 'x',
        visionFrom: expect.stringMatching(/shapes-clip|pretrain\/clip/),
        trainer: 'torch',
      },
      json: true,
    });
    expect(parsePretrainArgs(['vlm', '--vision-from', 'none']).options.visionFrom).toBeUndefined();
    expect(parsePretrainArgs(['clip']).options).toEqual({ stage: 'clip' });
    expect(
      parsePretrainArgs([
        'vlm',
        '--init-from',
        'a',
        '--batch',
        '4',
        '--lr',
        '0.002',
        '--mix',
        'describe=0.4,question=0.6',
        '--look-style',
        'shapes',
      ]).options,
    ).toMatchObject({
      initFrom: 'a',
      batchSize: 4,
      train: { peakLr: 0.002 },
      mix: { describe: 0.4, question: 0.6, critic: 0 },
      lookStyle: 'shapes',
    });
    expect(() => parsePretrainArgs(['vlm', '--look-style', 'rows'])).toThrow(
      '--look-style is cells, lines, shapes, got "rows".',
    );
    expect(() => parsePretrainArgs(['vlm', '--mix', 'chat=1'])).toThrow('--mix takes task=share pairs');
    expect(() => parsePretrainArgs(['gpt'])).toThrow('Pick a stage, clip, vlm or recipe.');
    expect(() => parsePretrainArgs(['clip', '--steps', 'many'])).toThrow('--steps must be a whole number, got "many".');
    expect(() => parsePretrainArgs(['clip', '--lr'])).toThrow('--lr needs a value.');
    expect(() => parsePretrainArgs(['clip', '--momentum', '1'])).toThrow('Unknown option --momentum.');
    expect(parsePretrainArgs(['vlm', '--trainer', 'engine', '--threads', '2']).options).toMatchObject({
      trainer: 'engine',
      threads: 2,
    });
    expect(() => parsePretrainArgs(['vlm', '--trainer', 'jax'])).toThrow('--trainer is torch or engine, got "jax".');
    expect(() => parsePretrainArgs(['vlm', '--threads', '0'])).toThrow(
      '--threads must be a whole number ≥ 1, got "0".',
    );
  });

  it("reads recipe's arguments and refuses a stage's flag in one sentence", () => {
    const args = ['--out', 'r', '--seed', '0', '--threads', '2', '--snapshot-every', '500', '--json'];
    expect(parseRecipeArgs(args)).toEqual({
      options: {
        out: 'r',
        visionFrom: expect.stringMatching(/shapes-clip|pretrain\/clip/),
        stageOptions: { seed: 0, threads: 2, snapshotEvery: 500 },
      },
      json: true,
    });
    expect(parseRecipeArgs([]).options.out).toBe('.cache/pretrain/recipe');
    expect(() => parseRecipeArgs(['--steps', '10'])).toThrow('Unknown option --steps for recipe.');
    expect(() => parseRecipeArgs(['--threads', 'x'])).toThrow('--threads must be a whole number ≥ 1, got "x".');
  });

  it('exits with status 1 and the reason on stderr when run with a bad stage', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/pretrain.ts', 'gpt'], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Pick a stage, clip, vlm or recipe.');
  });
});
