import { expect, test } from '@playwright/test';
import { dtypeName } from '../src/data/evals';
import { evaluateModel } from '../src/evaluation';
import { detectCapabilities, embeddedWeightsHash, greedyAnswerer, loadVlm } from '../src/runtime';
import { loadModel } from './helpers';

test('the Evaluate view gives the CLI numbers and shows the items behind a metric', async ({ page }) => {
  const n = 2;
  const seed = 7;
  // Node side: the same evaluation the CLI runs (onnxruntime-node, fp32).
  const vlm = await loadVlm({ modelId: 'tiny-random-smolvlm' }, await detectCapabilities());
  const native = await evaluateModel(greedyAnswerer(vlm), {
    model: 'tiny-random-smolvlm',
    n,
    seed,
    dtype: dtypeName(vlm.info.dtype),
    device: 'wasm', // the browser's; Node ran on onnxruntime-node's cpu, and the figures must not care
    // The weights hash the worker reads over fetch is the one Node reads from disk.
    modelSha256: await embeddedWeightsHash('tiny-random-smolvlm'),
  });

  // Browser side: onnxruntime-web wasm, fp32, in the worker.
  await loadModel(page, { device: 'wasm', dtype: 'fp32' });
  await page.goto('/#/evaluate');
  await page.getByTestId('eval-n').fill(String(n));
  await page.getByTestId('eval-seed').fill(String(seed));
  await page.getByTestId('eval-run').click();
  await expect(page.getByTestId('eval-json')).toBeAttached();
  const browser = JSON.parse((await page.getByTestId('eval-json').textContent()) ?? '{}');
  expect(browser).toEqual(native.summary);
  expect(browser).toMatchObject({ device: 'wasm', dtype: 'fp32', adapter: null });

  await page.getByTestId('metric-chair').first().click();
  const rows = page.getByTestId('drill-row');
  await expect(rows).toHaveCount(n);
  const shown = (await page.locator('.drill-row .marked').allTextContents()).sort();
  expect(shown).toEqual(native.items.map((item) => item.description || '(empty answer)').sort());
  await expect(page.locator('.drill-row img').first()).toBeVisible();

  await page.getByTestId('metric-pope:adversarial').first().click();
  await expect(page.getByTestId('drilldown')).toContainText('adversarial');
  await page.reload();
  await expect(page.getByTestId('eval-json')).toBeAttached();
});

test('the Shapes world source adds seeded scenes with ground truth to the gallery', async ({ page }) => {
  await page.goto('/#/images');
  await page.getByTestId('world-split').selectOption('train');
  await page.getByTestId('world-n').fill('3');
  await page.getByTestId('world-seed').fill('9');
  await page.getByTestId('world-generate').click();
  const items = page.getByTestId('gallery').locator('li');
  await expect(items).toHaveCount(3);
  await expect(page.getByTestId('gallery')).toContainText('train-9-0.png');
  await expect(page.getByTestId('gallery')).toContainText('ground truth');
  // The same seed again replaces, never duplicates.
  await page.getByTestId('world-generate').click();
  await page.reload();
  await expect(items).toHaveCount(3);
});

test('results stored by older versions show as unknown adapter, and comparing with one says why it cannot be paired', async ({
  page,
}) => {
  await page.goto('/#/evaluate'); // opens (and creates) the project's database
  await expect
    .poll(() => page.evaluate(async () => (await indexedDB.databases()).some((d) => d.name === 'selfalign')))
    .toBe(true);
  const figures = {
    chair: { i: 0.25, s: 0.5 },
    attr_error: 0.1,
    pope: Object.fromEntries(
      ['random', 'popular', 'adversarial'].map((split) => [
        split,
        { acc: 0.5, precision: 0.5, recall: 0.5, f1: 0.5, yes_ratio: 0.5 },
      ]),
    ),
    qa: { color: 0.5, count: 0.5, position: 0.5, relation: 0.5 },
    critic: { accuracy: 0.5 },
  };
  // Two records as older versions stored them: adapter null, no dtype, device or per-scene counts;
  // and one with even the figures half missing.
  await page.evaluate(async (figures) => {
    const open = indexedDB.open('selfalign');
    const db = await new Promise<IDBDatabase>((resolve) => (open.onsuccess = () => resolve(open.result)));
    const store = db.transaction('evaluations', 'readwrite').objectStore('evaluations');
    const summary = { model: 'shapes-vlm', adapter: null, n: 20, seed: 1234, ...figures };
    store.put({ id: 'old-1', device: 'wasm', createdAt: 1, summary, items: [] });
    store.put({ id: 'old-2', device: 'webgpu', createdAt: 2, summary: { model: 'shapes-vlm', adapter: null, n: 20 } });
    await new Promise((resolve) => (store.transaction.oncomplete = resolve));
    db.close();
  }, figures);
  await page.reload();
  await expect(page.getByTestId('eval-select').locator('option')).toHaveCount(2);
  const labels = await page.getByTestId('eval-select').locator('option').allTextContents();
  for (const label of labels) expect(label).toContain(' · shapes-vlm · unknown adapter · ? · ');
  await expect(page.getByTestId('chair-table')).toContainText('—'); // the newest, half-missing one: shown, not crashed
  await page.getByTestId('eval-select').selectOption('old-1');
  await expect(page.getByTestId('chair-table')).toContainText('25.0%');
  await page.getByTestId('eval-compare-with').selectOption('old-2');
  await expect(page.getByTestId('error')).toHaveText(
    'A result has no per-scene counts (it was written before they were kept), so it cannot be compared scene by scene; evaluate it again.',
  );
});

test('Cancel stops an evaluation within a scene, with one sentence and no result stored', async ({ page }) => {
  await loadModel(page, { device: 'wasm', dtype: 'fp32' });
  await page.goto('/#/evaluate');
  await page.getByTestId('eval-n').fill('400');
  await page.getByTestId('eval-run').click();
  const progress = page.getByTestId('eval-progress');
  await expect(progress).toContainText(/[1-9]\d* \/ 400 scenes/);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByText('The evaluation was cancelled.')).toBeVisible();
  await expect(progress).toHaveCount(0);
  await expect(page.getByTestId('eval-json')).toHaveCount(0);
});
