import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { evaluationIdentity } from '../pipeline/evaluate-model';

const run = promisify(execFile);
const cli = (...args: string[]) => run('npx', ['tsx', 'src/cli/selfalign.ts', ...args], { cwd: process.cwd() });

describe('selfalign CLI', () => {
  it('eval --json prints the eval JSON on the last line of stdout and a progress bar on stderr', async () => {
    const { stdout, stderr } = await cli('eval', '--model', 'tiny-random-smolvlm', '--n', '2', '--seed', '5', '--json');
    const last = stdout.trim().split('\n').at(-1)!;
    const result = JSON.parse(last);
    expect(Object.keys(result)).toEqual([
      'model',
      'adapter',
      'dtype',
      'device',
      'modelSha256',
      'n',
      'seed',
      'chair',
      'attr_error',
      'pope',
      'qa',
      'critic',
      'scenes',
    ]);
    expect(result).toMatchObject({ model: 'tiny-random-smolvlm', adapter: null, n: 2, seed: 5 });
    expect(Object.keys(result.chair)).toEqual(['i', 's']);
    for (const split of ['random', 'popular', 'adversarial']) {
      expect(Object.keys(result.pope[split])).toEqual(['acc', 'precision', 'recall', 'f1', 'yes_ratio']);
    }
    expect(Object.keys(result.qa)).toEqual(['color', 'count', 'position', 'relation']);
    expect(result).toMatchObject({ dtype: expect.any(String), device: expect.any(String) });
    // What the tab predicts before loading, to find a stored base evaluation that this one would repeat.
    expect(await evaluationIdentity({ modelId: 'tiny-random-smolvlm' })).toEqual({
      dtype: result.dtype,
      device: result.device,
      modelSha256: result.modelSha256,
    });
    expect(result.modelSha256).toMatch(/^[0-9a-f]{64}$/);
    // Per-scene counts keyed by scene id, so two results can be compared on the same scenes.
    expect(Object.keys(result.scenes)).toHaveLength(2);
    const scene = Object.values(result.scenes)[0] as Record<string, unknown>;
    expect(Object.keys(scene)).toEqual(['mentions', 'hallucinated', 'attr_errors', 'present', 'pope', 'qa']);
    // Per-scene figures are counts out of the 2 scenes: a user reads "1 of 2 descriptions hallucinated".
    for (const perScene of [result.chair.s, result.critic.accuracy]) expect([0, 0.5, 1]).toContain(perScene);
    // The same seed gives the same figures.
    const again = await cli('eval', '--model', 'tiny-random-smolvlm', '--n', '2', '--seed', '5', '--json');
    expect(again.stdout.trim().split('\n').at(-1)).toBe(last);
    expect(stderr).toMatch(/eval \[#+\] 2\/2/);
  });

  it('prints a readable table without --json', async () => {
    const { stdout } = await cli('eval', '--n', '1');
    expect(stdout).toMatch(/CHAIR_i/);
    expect(stdout).toMatch(/POPE adversarial/);
  });

  it('rejects bad arguments in one sentence with exit code 2', async () => {
    await expect(cli('eval', '--n', 'zero')).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--n must be an integer ≥ 1, got "zero"\./),
    });
    await expect(cli('eval', '--dtype', 'q3')).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--dtype must be fp32, q8 or q4, got "q3"\./),
    });
    await expect(cli('eval', '--chair-mode', 'loose')).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--chair-mode must be negation-aware or literal, got "loose"\./),
    });
    await expect(cli('frobnicate')).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/Unknown command "frobnicate"/),
    });
  });

  it('eval-clip --json ranks present objects above absent ones with the trained shapes-clip', async () => {
    const { stdout } = await cli('eval-clip', '--n', '40', '--json');
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(result).toMatchObject({ model: 'shapes-clip', n: 40, seed: 1234 });
    expect(result.ranking_accuracy).toBeGreaterThan(0.75); // a random model scores about 0.5
  });

  it('says in one sentence when the model does not exist', async () => {
    await expect(cli('eval', '--model', 'no such model', '--n', '1')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/"no such model" is not a model id/),
    });
  });
});
