// `selfalign train` end to end on the committed shapes-vlm: pairs file → LoRA-DPO → PEFT adapter
// folder → `eval --adapter`, and one-sentence errors for bad input.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { pairsToJsonl, parsePairsJsonl } from '../data/pairs/pair-records';
import { oraclePairs } from '../data/pairs/oracle-pairs.testing';

const run = promisify(execFile);
const cli = (...args: string[]) => run('npx', ['tsx', 'src/cli/selfalign.ts', ...args], { cwd: process.cwd() });
const dir = mkdtempSync(join(tmpdir(), 'selfalign-train-'));

describe('selfalign train', () => {
  it('trains an adapter from a pairs file, writes it for PEFT, and eval --adapter evaluates it', async () => {
    const pairsFile = join(dir, 'pairs.jsonl');
    writeFileSync(pairsFile, pairsToJsonl(oraclePairs(8)));
    const out = join(dir, 'adapter');
    const { stdout, stderr } = await cli(
      'train',
      '--pairs',
      pairsFile,
      '--steps',
      '4',
      '--batch',
      '4',
      '--warmup',
      '0',
      '--lr',
      '0.01',
      '--sft-weight',
      '0',
      '--out',
      out,
      '--json',
    );
    const summary = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(summary).toMatchObject({ model: 'shapes-vlm', adapter: out, pairs: 8, steps: 4 });
    // Plain DPO (no SFT term), and B starts at zero: policy = reference, so the first loss is log 2.
    expect(summary.first.loss).toBeCloseTo(Math.log(2), 3);
    expect(summary.last.margin).toBeGreaterThan(summary.first.margin);
    expect(stderr).toMatch(/step 4\/4 loss/);

    const config = JSON.parse(readFileSync(join(out, 'adapter_config.json'), 'utf8'));
    expect(config).toMatchObject({
      peft_type: 'LORA',
      task_type: 'CAUSAL_LM',
      base_model_name_or_path: 'shapes-vlm',
      r: 8,
      lora_alpha: 16,
    });
    expect(readFileSync(join(out, 'training_log.jsonl'), 'utf8').trim().split('\n')).toHaveLength(4);
    const stored = parsePairsJsonl(readFileSync(join(out, 'pairs.jsonl'), 'utf8'));
    expect(stored.every((pair) => pair.reference?.model === 'shapes-vlm' && pair.reference.chosen.length > 0)).toBe(
      true,
    );

    // Stored reference log-probs are reused, not recomputed.
    const again = await cli(
      'train',
      '--pairs',
      join(out, 'pairs.jsonl'),
      '--steps',
      '1',
      '--batch',
      '4',
      '--out',
      join(dir, 'again'),
      '--json',
    );
    expect(again.stderr).not.toMatch(/reference log-probs \[/);
    expect(stderr).toMatch(/reference log-probs \[/);

    const evaluated = await cli('eval', '--adapter', out, '--n', '2', '--json');
    // The result names the adapter and its content: SHA-256 of adapter_config.json then adapter_model.safetensors.
    const sha256 = createHash('sha256')
      .update(readFileSync(join(out, 'adapter_config.json')))
      .update(readFileSync(join(out, 'adapter_model.safetensors')))
      .digest('hex');
    expect(JSON.parse(evaluated.stdout.trim().split('\n').at(-1)!)).toMatchObject({
      model: 'shapes-vlm',
      adapter: { name: out, sha256 },
      dtype: expect.any(String),
      device: expect.any(String),
      n: 2,
    });
    expect(evaluated.stderr).toMatch(`with the adapter ${out}`);
  }, 180_000);

  it('trains a SmolVLM-layout model the Hub way (bf16 safetensors, no LoRA slots) and evaluates it with the adapter on the engine', async () => {
    const pairsFile = join(dir, 'hub-pairs.jsonl');
    writeFileSync(pairsFile, pairsToJsonl(oraclePairs(4)));
    const out = join(dir, 'hub-adapter');
    const { stdout } = await cli(
      'train',
      '--model',
      'tiny-hub-smolvlm',
      '--pairs',
      pairsFile,
      '--steps',
      '3',
      '--batch',
      '4',
      '--warmup',
      '0',
      '--lr',
      '0.01',
      '--out',
      out,
      '--json',
    );
    const summary = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(summary).toMatchObject({ model: 'tiny-hub-smolvlm', pairs: 4, steps: 3 });
    expect(summary.last.margin).toBeGreaterThan(summary.first.margin);
    const config = JSON.parse(readFileSync(join(out, 'adapter_config.json'), 'utf8'));
    expect(config.base_model_name_or_path).toBe('tiny-hub-smolvlm');
    const evaluated = await cli('eval', '--model', 'tiny-hub-smolvlm', '--adapter', out, '--n', '1', '--json');
    expect(JSON.parse(evaluated.stdout.trim().split('\n').at(-1)!)).toMatchObject({
      model: 'tiny-hub-smolvlm',
      adapter: { name: out, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
      n: 1,
    });
  }, 180_000);

  it('says what is wrong in one sentence', async () => {
    await expect(cli('train')).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--pairs <file.jsonl> is required\./),
    });
    await expect(cli('train', '--pairs', join(dir, 'none.jsonl'))).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/The pairs file .*none.jsonl does not exist\./),
    });
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, `${JSON.stringify(oraclePairs(1)[0])}\nnot json\n`);
    await expect(cli('train', '--pairs', bad)).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/Line 2 of the pairs file is not valid JSON\./),
    });
    const pending = join(dir, 'pending.jsonl');
    writeFileSync(pending, pairsToJsonl(oraclePairs(2)));
    await expect(cli('train', '--pairs', pending, '--status', 'accepted,swapped')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(
        /No pair has the status accepted or swapped \(the pairs are 2 pending\): pass --status with their status to train on them\./,
      ),
    });
    await expect(cli('train', '--pairs', pending, '--status', 'done')).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(
        /--status takes statuses from pending, accepted, swapped, tie, both-bad, skipped, got "done"\./,
      ),
    });
    await expect(cli('train', '--pairs', bad, '--loss', 'kto')).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--loss must be one of sigmoid, ipo, hinge, token-weighted, got "kto"\./),
    });
    await expect(cli('eval', '--adapter', join(dir, 'nowhere'), '--n', '1')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/adapter_config.json is missing/),
    });
  }, 120_000);
});
