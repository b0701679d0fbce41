// `selfalign pairs` and `selfalign round` end to end on the committed shapes-vlm.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parsePairsJsonl } from '../data/pairs/pair-records';
import { pairQuality } from '../data/pairs/pair-quality';

const run = promisify(execFile);
const cli = (...args: string[]) => run('npx', ['tsx', 'src/cli/selfalign.ts', ...args], { cwd: process.cwd() });
const dir = mkdtempSync(join(tmpdir(), 'selfalign-pairs-'));
const lastJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1)!);

describe('selfalign pairs and round', () => {
  it("writes a method's pairs as JSONL with their counts, the same for the same seed", async () => {
    const out = join(dir, 'sima.jsonl');
    const summary = lastJson((await cli('pairs', '--method', 'sima', '--n', '5', '--out', out, '--json')).stdout);
    expect(summary).toMatchObject({ method: 'sima', model: 'shapes-vlm', out, items: 5 });
    expect(summary.pairs + summary.identical + summary.noVerdict).toBe(5);
    const pairs = parsePairsJsonl(readFileSync(out, 'utf8'));
    expect(pairs).toHaveLength(summary.pairs);
    expect(pairs.every((pair) => pair.method === 'sima' && pair.evidence?.method === 'sima')).toBe(true);
    const again = join(dir, 'sima-again.jsonl');
    await cli('pairs', '--method', 'sima', '--n', '5', '--out', again, '--json');
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(out, 'utf8'));
  }, 120_000);

  it('asks existence questions of the share of scenes --existence names, and the pairs answer them', async () => {
    const out = join(dir, 'seva-existence.jsonl');
    const summary = lastJson(
      (await cli('pairs', '--method', 'seva', '--n', '24', '--existence', '1', '--out', out, '--json')).stdout,
    );
    expect(summary).toMatchObject({ method: 'seva', items: 24 });
    const pairs = parsePairsJsonl(readFileSync(out, 'utf8'));
    expect(pairs.length).toBeGreaterThan(0);
    for (const pair of pairs) {
      expect(pair.prompt).toMatch(/^Is there an? \w+ \w+ in the image\?$/);
      expect(pair.chosen).toMatch(/, so (yes|no)\.$/);
    }
    expect(pairQuality(pairs)).toMatchObject({ judged: 0, existence: { judged: pairs.length } });
  }, 120_000);

  it("writes FiSAO's pairs with a weight per answer token, and the calibration it used", async () => {
    const out = join(dir, 'fisao.jsonl');
    const { stdout, stderr } = await cli(
      'pairs',
      '--method',
      'fisao',
      '--n',
      '3',
      '--calibration-n',
      '20',
      '--out',
      out,
      '--json',
    );
    const summary = lastJson(stdout);
    expect(summary).toMatchObject({
      method: 'fisao',
      model: 'shapes-vlm',
      out,
      items: 3,
      calibration: { vocabulary: 'shapes', items: 20, answers: 80 },
    });
    expect(summary.pairs + summary.noMentions + summary.tied).toBe(3);
    expect(summary.calibration.muCorrect).toBeGreaterThan(summary.calibration.muHallucinated);
    expect(stderr).toMatch(
      /FiSAO calibration on 20 scenes \(80 answers\): correct objects μ_c [\d.]+ \(n \d+\), hallucinated μ_h [\d.]+ \(n \d+\)/,
    );
    const pairs = parsePairsJsonl(readFileSync(out, 'utf8'));
    expect(pairs).toHaveLength(summary.pairs);
    for (const pair of pairs) {
      expect(pair).toMatchObject({ method: 'fisao', evidence: { method: 'fisao' } });
      expect(pair.chosenWeights!.length).toBeGreaterThan(1);
      expect(pair.rejectedWeights!.length).toBeGreaterThan(1);
    }
  }, 180_000);

  it('runs a round: pairs, LoRA-DPO, and the eval of the base and the adapted model on the last line', async () => {
    const out = join(dir, 'round');
    const { stdout } = await cli(
      'round',
      '--method',
      'seva',
      '--n',
      '8',
      '--existence',
      '0.5',
      '--steps',
      '2',
      '--eval-n',
      '1',
      '--out',
      out,
      '--json',
    );
    const summary = lastJson(stdout);
    expect(summary.method).toBe('seva');
    expect(summary.rounds).toHaveLength(1);
    expect(summary.rounds[0].pairs).toBeGreaterThan(0);
    // Half the scenes were asked an existence question; the pair quality judges those pairs apart.
    const pairs = parsePairsJsonl(readFileSync(join(out, 'pairs.jsonl'), 'utf8'));
    const questions = pairs.filter((pair) => pair.prompt.startsWith('Is there'));
    expect(summary.rounds[0].quality.judged).toBe(pairs.length - questions.length);
    expect(summary.rounds[0].quality.existence?.judged ?? 0).toBe(questions.length);
    expect(summary.base).toMatchObject({ model: 'shapes-vlm', adapter: null, n: 1 });
    expect(summary.rounds[0].adapted).toMatchObject({
      model: 'shapes-vlm',
      adapter: { name: join(out, 'adapter') },
      n: 1,
    });
    expect(JSON.parse(readFileSync(join(out, 'round.json'), 'utf8'))).toEqual(summary);
  }, 240_000);

  it('says what is wrong in one sentence', async () => {
    await expect(cli('pairs', '--method', 'csr2', '--out', join(dir, 'x.jsonl'))).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--method must be one of sima, seva, csr, fisao, got "csr2"\./),
    });
    await expect(
      cli('pairs', '--method', 'fisao', '--calibration-n', '0', '--out', join(dir, 'x.jsonl')),
    ).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--calibration-n must be an integer ≥ 1, got "0"\./),
    });
    await expect(
      cli('pairs', '--method', 'seva', '--existence', '1.5', '--out', join(dir, 'x.jsonl')),
    ).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--existence must be a number from 0 to 1, got "1\.5"\./),
    });
    await expect(cli('pairs', '--method', 'seva')).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--out <pairs.jsonl> is required\./),
    });
  }, 60_000);
});
