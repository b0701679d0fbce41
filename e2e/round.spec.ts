import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test, type Download, type Page } from '@playwright/test';
import { zipSync } from 'fflate';
import { parsePairsJsonl } from '../src/data/pairs/pair-records';
import { describeScene, encodePngSync, rasterizeScene, sampleScene } from '../src/world';

/** The CLI's model, device and dtypes (Node loads fp32), picked in the Model panel, which a round loads with. */
async function pickCliModel(page: Page): Promise<void> {
  await page.goto('/#/model');
  await page.getByTestId('model-select').selectOption('shapes-vlm');
  await page.getByTestId('device-select').selectOption('wasm');
  for (const file of ['vision_encoder', 'embed_tokens', 'decoder_model_merged'])
    await page.getByTestId(`dtype-${file}`).selectOption('fp32');
}

// A 2-round SeVa round: n 4 train scenes (seed 1), 12 training steps a round with SFT weight 0.5
// (the Train view's defaults otherwise, as `selfalign round` uses them), 6 test scenes.
const N = 4;
const EVAL_N = 6;
const STEPS = 12;
const SFT_WEIGHT = 0.5;

/** `selfalign round … --json` in Node, the same seeds: its last stdout line, and the folder it wrote. */
async function cliRound() {
  const out = mkdtempSync(join(tmpdir(), 'selfalign-e2e-round-'));
  const { stdout } = await promisify(execFile)(
    'npx',
    [
      'tsx',
      'src/cli/selfalign.ts',
      'round',
      '--method',
      'seva',
      '--n',
      String(N),
      '--seed',
      '1',
      '--steps',
      String(STEPS),
      '--sft-weight',
      String(SFT_WEIGHT),
      '--eval-n',
      String(EVAL_N),
      '--rounds',
      '2',
      '--out',
      out,
      '--json',
    ],
    { env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' }, maxBuffer: 64 * 2 ** 20 },
  );
  return { json: JSON.parse(stdout.trim().split('\n').at(-1)!), out };
}

/** Every record of the page's IndexedDB stores named. */
const stored = (page: Page, stores: string[]) =>
  page.evaluate<Record<string, any[]>, string[]>(async (names) => {
    const request = indexedDB.open('selfalign');
    const db = await new Promise<IDBDatabase>((resolve) => (request.onsuccess = () => resolve(request.result)));
    const all = (store: string) =>
      new Promise<any[]>((resolve) => {
        const get = db.transaction(store).objectStore(store).getAll();
        get.onsuccess = () => resolve(get.result);
      });
    const out: Record<string, any[]> = {};
    for (const name of names) out[name] = await all(name);
    db.close();
    return out;
  }, stores);

/** The figures of an eval summary, without what names where and with what it ran. */
const figures = ({ adapter: _a, device: _d, ...summary }: Record<string, unknown>) => summary;

test('a 2-round SeVa round in the tab stores the CLI’s pairs, adapters and evals, resumes after a reload mid-training, and Evaluate tells the adapters apart', async ({
  page,
}) => {
  test.setTimeout(900_000);
  const cli = cliRound(); // runs alongside the tab; awaited below

  await pickCliModel(page);

  await page.goto('/#/round');
  await page.getByTestId('round-method').selectOption('seva');
  await page.getByTestId('round-n').fill(String(N));
  await page.getByTestId('round-seed').fill('1');
  await page.getByTestId('round-steps').fill(String(STEPS));
  await page.getByTestId('round-sft-weight').fill(String(SFT_WEIGHT));
  await page.getByTestId('round-checkpoint-every').fill('2');
  await page.getByTestId('round-eval-n').fill(String(EVAL_N));
  await page.getByTestId('round-rounds').fill('2');
  await page.getByTestId('round-start').click();
  await expect(page.getByTestId('round-status')).toHaveText('running');
  await expect(page.getByTestId('round-stage-1-pairs')).toContainText(`${N} / ${N} items · done`, { timeout: 300_000 });

  // Mid-training: once a checkpoint of round 1 is stored, the page goes away; the run resumes from it.
  await expect
    .poll(async () => (await stored(page, ['roundRuns'])).roundRuns[0]?.steps[0]?.checkpoint?.step ?? 0, {
      timeout: 300_000,
      intervals: [100],
    })
    .toBeGreaterThan(0);
  await page.reload();
  await expect(page.getByTestId('round-eta')).toContainText(/resumed after a reload, from the checkpoint at step \d+/);
  await expect(page.getByTestId('round-status')).toHaveText('complete', { timeout: 600_000 });

  const { json, out } = await cli;
  const db = await stored(page, ['roundRuns', 'evaluations', 'adapters', 'pairs']);
  const [run] = db.roundRuns as any[];
  expect(run.status).toBe('complete');
  const evals = new Map(db.evaluations.map((e: any) => [e.id, e]));
  const adapters = new Map(db.adapters.map((a: any) => [a.id, a]));

  // Expected equal (deterministic on both sides): SeVa's greedy answers, so each round's pairs and
  // counts (round 2's answers come from round 1's adapter, whose factors agree to float rounding:
  // greedy decoding gives the same words); every figure of each evaluation, per-scene counts and
  // the paired deltas (the same answers on the same scenes, the bootstrap seeded); the adapters'
  // configs and sizes and the number of steps. Close, not equal: each step's loss (the image
  // features come from onnxruntime-web here and onnxruntime-node there), so the adapters' bytes and
  // content hashes differ.
  expect(figures(evals.get(run.baseEvalId).summary)).toEqual(figures(json.base));
  expect(evals.get(run.baseEvalId).summary.adapter).toBeNull();
  for (const [i, cliRound] of json.rounds.entries()) {
    const step = run.steps[i];
    const cliPairs = parsePairsJsonl(readFileSync(join(out, `round-${i + 1}`, 'pairs.jsonl'), 'utf8'));
    expect(step.pairs.map((p: any) => [p.id, p.chosen, p.rejected])).toEqual(
      cliPairs.map((p) => [p.id, p.chosen, p.rejected]),
    );
    expect(step.counts).toEqual(cliRound.counts);
    expect(cliRound.training).toEqual({ peakLr: run.training.peakLr, beta: run.training.beta, sftWeight: SFT_WEIGHT });
    expect(run.training.sftWeight).toBe(SFT_WEIGHT);
    expect(step.logs.map((l: any) => l.step)).toEqual(Array.from({ length: STEPS }, (_, k) => k + 1));
    const cliLogs = readFileSync(join(out, `round-${i + 1}`, 'adapter', 'training_log.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    step.logs.forEach((log: any, k: number) => expect(log.loss).toBeCloseTo(cliLogs[k].loss, 3));
    const adapter = adapters.get(step.adapterId);
    expect(JSON.parse(adapter.config)).toEqual(
      JSON.parse(readFileSync(join(out, `round-${i + 1}`, 'adapter', 'adapter_config.json'), 'utf8')),
    );
    expect(adapter.weights.byteLength).toBe(
      readFileSync(join(out, `round-${i + 1}`, 'adapter', 'adapter_model.safetensors')).byteLength,
    );
    const adapted = evals.get(step.evalId).summary;
    expect(figures(adapted)).toEqual(figures(cliRound.adapted));
    expect(adapted.adapter).toMatchObject({ name: adapter.name, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(step.compared.delta).toEqual(cliRound.delta);
    expect(step.compared.changed).toEqual(cliRound.changed);
  }
  // The pairs are in Pairs too, accepted (the review mode), and each round's adapter is a stored adapter.
  expect(db.pairs.length).toBeGreaterThan(0);
  expect(db.pairs.every((p: any) => p.review?.status === 'accepted')).toBe(true);
  expect(db.adapters).toHaveLength(2);

  // The result panel: base and both rounds, the chart over them, the changed scenes.
  await expect(page.getByTestId('round-table')).toContainText('round 2');
  await expect(page.getByTestId('round-chart')).toHaveAttribute('data-points', '3');
  const changed = [...run.steps[1].compared.changed.fixed, ...run.steps[1].compared.changed.introduced];
  if (changed.length > 0) {
    await page.getByTestId('round-changed').getByRole('button', { name: changed[0] }).click();
    await expect(page.getByTestId('round-scene-base').locator('.marked')).toBeVisible();
    await expect(page.getByTestId('round-scene-adapted').locator('.marked')).toBeVisible();
  }
  const downloads: Download[] = [];
  page.on('download', (download) => downloads.push(download));
  await page.getByTestId('round-export').click();
  await expect.poll(() => downloads.length).toBe(2);
  expect(downloads.map((d) => d.suggestedFilename().split('.').at(-1)).sort()).toEqual(['json', 'png']);

  // Evaluate lists the three results, base and the two adapters told apart by name and content hash.
  await page.goto('/#/evaluate');
  await expect(page.getByTestId('eval-select').locator('option')).toHaveCount(3);
  const labels = await page.getByTestId('eval-select').locator('option').allTextContents();
  const adapterParts = labels.map((label) => label.split(' · ').slice(2, -4).join(' · '));
  expect(adapterParts.filter((part) => part === 'base')).toHaveLength(1);
  for (const round of [1, 2]) {
    const hash = evals.get(run.steps[round - 1].evalId).summary.adapter.sha256.slice(0, 8);
    expect(adapterParts.filter((part) => part.startsWith(`round ${round} · SeVa`) && part.endsWith(hash))).toHaveLength(
      1,
    );
  }
  // The newest result (round 2) compared with the base model's: the round's paired table.
  await page.getByTestId('eval-compare-with').selectOption({ label: labels.find((l) => l.includes(' · base · '))! });
  const { fixed, introduced, unchanged } = run.steps[1].compared.changed;
  await expect(page.getByTestId('paired-changed')).toHaveText(
    `Scenes: ${fixed.length} fixed · ${introduced.length} introduced · ${unchanged} unchanged`,
  );

  // The adapter picker: Evaluate scores round 1's adapter on the round's test scenes and gives the
  // round's figures and content hash; paired with the round's own result, nothing changed.
  const round1 = evals.get(run.steps[0].evalId).summary;
  await page.getByTestId('eval-n').fill(String(EVAL_N));
  await page.getByTestId('eval-seed').fill('1234');
  await page.getByTestId('eval-adapter').selectOption({ label: adapters.get(run.steps[0].adapterId).name });
  await page.getByTestId('eval-run').click();
  await expect(page.getByTestId('eval-select').locator('option')).toHaveCount(4);
  const picked = JSON.parse((await page.getByTestId('eval-json').textContent()) ?? '{}');
  expect(figures(picked)).toEqual(figures(round1));
  expect(picked.adapter).toEqual(round1.adapter);
  expect(picked).toMatchObject({ device: 'wasm', dtype: 'fp32' });
  await page.getByTestId('eval-compare-with').selectOption(run.steps[0].evalId);
  await expect(page.getByTestId('paired-changed')).toHaveText(`Scenes: 0 fixed · 0 introduced · ${EVAL_N} unchanged`);
  await expect(page.getByTestId('paired-chair_i')).toContainText('±0.0 pts [±0.0, ±0.0]');
});

test('review mode "stop for review": the round waits (across a reload) until its pairs are reviewed in Pairs, then trains on the accepted ones; Cancel stops it and Continue goes on', async ({
  page,
}) => {
  test.setTimeout(600_000);
  await page.goto('/#/model');
  await page.getByTestId('model-select').selectOption('shapes-vlm');
  await page.getByTestId('device-select').selectOption('wasm');
  await page.goto('/#/round');
  await page.getByTestId('round-method').selectOption('seva');
  await page.getByTestId('round-n').fill(String(N));
  await page.getByTestId('round-steps').fill('2');
  await page.getByTestId('round-eval-n').fill('2');
  await page.getByTestId('round-rounds').fill('1');
  await page.getByTestId('round-review').selectOption('stop');
  await page.getByTestId('round-start').click();
  await expect(page.getByTestId('round-status')).toHaveText('review', { timeout: 300_000 });
  await expect(page.getByTestId('round-review-note')).toContainText("Round 1's pairs wait in Pairs");
  await page.reload();
  await expect(page.getByTestId('round-status')).toHaveText('review');
  await expect(page.getByTestId('round-stage-1-review')).toContainText('waiting');

  // The annotator accepts the method's picks in Pairs, then continues the round.
  await page.goto('/#/pairs');
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByTestId('accept-all').click();
  await expect(page.getByTestId('bulk-accepted')).toContainText('accepted in bulk');
  await page.goto('/#/round');
  await page.getByTestId('round-continue').click();
  // Cancel ends the training stage at once; what was stored stays, and Continue goes on from there.
  await expect(page.getByTestId('round-stage-1-train')).toContainText('running');
  await page.getByTestId('round-cancel').click();
  await expect(page.getByTestId('round-status')).toHaveText('cancelled');
  await expect(page.getByTestId('round-stage-1-pairs')).toContainText('done');
  await expect(page.getByTestId('round-stage-1-review')).toContainText('done');
  await page.getByTestId('round-continue').click();
  await expect(page.getByTestId('round-status')).toHaveText('complete', { timeout: 300_000 });
  const [run] = (await stored(page, ['roundRuns'])).roundRuns as any[];
  expect(run.steps[0].reviewed).toBe(true);
  expect(run.steps[0].trainedPairs.length).toBe(run.steps[0].pairs.length);
  expect(run.steps[0].trainedPairs.every((p: any) => p.review?.status === 'accepted')).toBe(true);
  expect(run.steps[0].logs.map((l: any) => l.step)).toEqual([1, 2]);
  await expect(page.getByTestId('round-table')).toContainText('round 1');

  // SeVa then SIMA, queued as two more runs: on the same weights, dtype, device and test scenes
  // both reuse the stored base evaluation.
  await page.getByTestId('round-review').selectOption('accept');
  await page.getByTestId('round-also-sima').check();
  await page.getByTestId('round-start').click();
  const complete = async () =>
    ((await stored(page, ['roundRuns'])).roundRuns as any[]).filter((r) => r.status === 'complete').length;
  await expect.poll(complete, { timeout: 300_000, intervals: [2000] }).toBe(3);
  await expect(page.getByTestId('round-base-reused')).toContainText('it was not run again');
  const db = await stored(page, ['roundRuns', 'evaluations']);
  const runs = (db.roundRuns as any[]).sort((a, b) => a.createdAt - b.createdAt);
  expect(runs.map((r) => r.method.method)).toEqual(['seva', 'seva', 'sima']);
  expect(runs[1].queue).toBe(runs[2].queue);
  expect(runs.map((r) => !!r.baseEvalReused)).toEqual([false, true, true]);
  expect(new Set(runs.map((r) => r.baseEvalId)).size).toBe(1);
  expect((db.evaluations as any[]).filter((e) => e.summary.adapter === null)).toHaveLength(1);
  expect((db.evaluations as any[])[0].summary.modelSha256).toMatch(/^[0-9a-f]{64}$/);
});

test('a round on the gallery’s items: the method runs on the imported images with their prompts, training finds their pixels, and the evaluation stays on the test scenes', async ({
  page,
}) => {
  test.setTimeout(600_000);
  // A tiny LLaVA dataset: 4 train scenes as images, each described by its true description.
  const indices = [2, 3, 4, 5];
  const paths = indices.map((index) => `images/s${index}.png`);
  const records = indices.map((index, i) => ({
    id: `q${index}`,
    image: paths[i],
    conversations: [
      { from: 'human', value: '<image>\nDescribe the image.' },
      { from: 'gpt', value: describeScene(sampleScene('train', 1, index)) },
    ],
  }));
  const files: Record<string, Uint8Array> = { 'llava.json': new TextEncoder().encode(JSON.stringify(records)) };
  indices.forEach((index, i) => (files[paths[i]!] = encodePngSync(rasterizeScene(sampleScene('train', 1, index)))));
  await page.goto('/#/images');
  await page
    .getByTestId('dataset-input')
    .setInputFiles({ name: 'llava.zip', mimeType: 'application/zip', buffer: Buffer.from(zipSync(files)) });
  await expect(page.getByTestId('import-note')).toHaveText(
    `Imported ${indices.length} LLaVA prompts on ${indices.length} images.`,
  );

  await pickCliModel(page);
  await page.goto('/#/round');
  await page.getByTestId('round-method').selectOption('sima');
  await page.getByTestId('round-items').selectOption('gallery');
  await expect(page.getByTestId('round-n')).toHaveCount(0);
  await page.getByTestId('round-seed').fill('1');
  await page.getByTestId('round-steps').fill('2');
  await page.getByTestId('round-eval-n').fill('4');
  await page.getByTestId('round-rounds').fill('1');
  await page.getByTestId('round-start').click();
  await expect(page.getByTestId('round-stage-1-pairs')).toContainText(
    `${indices.length} / ${indices.length} items · done`,
    {
      timeout: 300_000,
    },
  );
  await expect(page.getByTestId('round-status')).toHaveText('complete', { timeout: 300_000 });

  const db = await stored(page, ['roundRuns', 'methodRuns', 'evaluations', 'adapters']);
  const [run] = db.roundRuns as any[];
  expect(run).toMatchObject({ status: 'complete', items: 'gallery', n: indices.length });
  // The pairs come from the gallery's images (by their paths in the import), none from a shapes scene.
  const [step] = run.steps;
  expect(step.counts.items).toBe(indices.length);
  expect(step.pairs.length).toBeGreaterThan(0);
  for (const pair of step.pairs) expect(paths).toContain(pair.image.path);
  expect(db.methodRuns.find((m: any) => m.id === step.methodRunId)).toMatchObject({ galleryItems: indices.length });
  // Trained on them (their pixels found), and evaluated on the round's test scenes, base and adapted.
  expect(step.logs.map((l: any) => l.step)).toEqual([1, 2]);
  expect(db.adapters.map((a: any) => a.id)).toEqual([step.adapterId]);
  const evals = new Map(db.evaluations.map((e: any) => [e.id, e.summary]));
  expect(evals.get(run.baseEvalId)).toMatchObject({ n: 4, seed: 1234, adapter: null });
  expect(evals.get(step.evalId)).toMatchObject({ n: 4, seed: 1234 });
  expect(step.compared.n).toBe(4);
  await expect(page.getByTestId('round-table')).toContainText('round 1');
});
