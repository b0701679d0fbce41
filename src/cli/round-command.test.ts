// `selfalign round --rounds 2` and `selfalign eval --compare` end to end on the committed shapes-vlm.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parsePairsJsonl } from '../data/pairs/pair-records';
import { DELTA_KEYS } from '../evaluation';

const run = promisify(execFile);
const cli = (...args: string[]) => run('npx', ['tsx', 'src/cli/selfalign.ts', ...args], { cwd: process.cwd() });
const dir = mkdtempSync(join(tmpdir(), 'selfalign-rounds-'));
const lastJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1)!);

describe('selfalign round --rounds and eval --compare', () => {
  it("runs two rounds, round 2 sampling from and referenced to round 1's adapted model", async () => {
    const out = join(dir, 'rounds');
    const args = ['--method', 'csr', '--n', '4', '--steps', '2', '--lr', '0.001', '--sft-weight', '1', '--eval-n', '2'];
    args.push('--out', out, '--json');
    const summary = lastJson((await cli('round', ...args, '--rounds', '2')).stdout);
    expect(Object.keys(summary)).toEqual(['method', 'rounds', 'base']);
    expect(summary.method).toBe('csr');
    expect(summary.base).toMatchObject({ model: 'shapes-vlm', adapter: null, n: 2 });
    expect(summary.rounds).toHaveLength(2);
    for (const [i, round] of summary.rounds.entries()) {
      expect(round).toMatchObject({
        loss: 'sigmoid',
        training: { peakLr: 0.001, beta: 0.1, sftWeight: 1 },
        adapted: { model: 'shapes-vlm', n: 2 },
      });
      expect(round.pairs).toBeGreaterThan(0);
      expect(round.adapted.adapter).toEqual({
        name: join(out, `round-${i + 1}`, 'adapter'),
        sha256: expect.any(String),
      });
      expect(Object.keys(round.delta)).toEqual([...DELTA_KEYS]);
      for (const delta of Object.values(round.delta) as { value: number; ci95: [number, number] }[]) {
        expect(delta.ci95[0]).toBeLessThanOrEqual(delta.ci95[1]);
      }
      expect(round.changed.fixed.length + round.changed.introduced.length + round.changed.unchanged).toBe(2);
    }
    const [first, second] = summary.rounds;
    expect(first.sampledWith).toBeNull();
    // Round 2's pairs were sampled with round 1's adapter on …
    expect(second.sampledWith).toEqual(first.adapted.adapter);
    expect(second.adapted.adapter.sha256).not.toBe(first.adapted.adapter.sha256);
    // … and their π_ref is round 1's model (the same scenes and seed sampled by the base model would repeat round 1).
    const trained = (k: number) =>
      parsePairsJsonl(readFileSync(join(out, `round-${k}`, 'adapter', 'pairs.jsonl'), 'utf8'));
    expect(trained(1).every((pair) => pair.reference?.model === 'shapes-vlm')).toBe(true);
    expect(trained(2).every((pair) => pair.reference?.model === `shapes-vlm+${first.adapted.adapter.sha256}`)).toBe(
      true,
    );
    const made = (k: number) => readFileSync(join(out, `round-${k}`, 'pairs.jsonl'), 'utf8');
    expect(made(2)).not.toBe(made(1));
    expect(JSON.parse(readFileSync(join(out, 'round.json'), 'utf8'))).toEqual(summary);

    // The base and round 2's eval, each written by eval --out, compared pairwise.
    const basePath = join(dir, 'base.json');
    const adaptedPath = join(dir, 'adapted.json');
    writeFileSync(basePath, JSON.stringify(summary.base));
    writeFileSync(adaptedPath, JSON.stringify(second.adapted));
    const compared = lastJson((await cli('eval', '--compare', basePath, adaptedPath, '--json')).stdout);
    expect(compared.n).toBe(2);
    expect(compared.delta).toEqual(second.delta);
    expect(compared.changed).toEqual(second.changed);
  }, 600_000);

  it('refuses a bad DPO setting in one sentence before it runs anything', async () => {
    await expect(cli('round', '--method', 'csr', '--sft-weight', 'lots')).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--sft-weight must be a non-negative number, got "lots"\./),
    });
  }, 60_000);

  it('eval --out writes the result and eval --compare evaluates on its scenes, refusing other scenes in one sentence', async () => {
    const first = join(dir, 'eval-1.json');
    const printed = lastJson((await cli('eval', '--n', '2', '--seed', '7', '--out', first, '--json')).stdout);
    expect(JSON.parse(readFileSync(first, 'utf8'))).toEqual(printed);
    // One file: the same model on the same scenes (n and seed read from the file), so every delta is zero.
    const same = lastJson((await cli('eval', '--compare', first, '--json')).stdout);
    expect(same.n).toBe(2);
    for (const key of DELTA_KEYS) expect(same.delta[key]).toEqual({ value: 0, ci95: [0, 0] });
    expect(same.changed).toEqual({ fixed: [], introduced: [], unchanged: 2 });
    const table = (await cli('eval', '--compare', first, first)).stdout;
    expect(table).toMatch(/chair_i\s+\+0\.0 pts {2}\[\+0\.0, \+0\.0\]/);
    expect(table).toMatch(/0 hallucination fixed, 0 introduced, 2 unchanged/);
    const other = join(dir, 'eval-2.json');
    await cli('eval', '--n', '2', '--seed', '8', '--out', other, '--json');
    await expect(cli('eval', '--compare', first, other)).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(
        /The two results are on different scenes \(2 scenes, seed 7 vs 2 scenes, seed 8; 0 shared\), so they cannot be compared scene by scene\.\n$/,
      ),
    });
  }, 300_000);
});
