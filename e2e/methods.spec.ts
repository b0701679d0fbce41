import { expect, test, type Page } from '@playwright/test';
import type { CsrEvidence } from '../src/methods/csr/csr';
import { shapesItems } from '../src/methods/items';
import { GREEDY } from '../src/methods/method-runtime';
import { runMethod } from '../src/methods/run-method';
import { augmentedRequest, type SevaEvidence } from '../src/methods/seva/seva';
import type { SimaEvidence } from '../src/methods/sima/sima';
import { detectCapabilities, loadClip, loadVlm } from '../src/runtime';
import { methodRuntimeOf } from '../src/pipeline/method-runtime';
import type { MethodSettings } from '../src/data/runs';
import { METHOD_SPLIT } from '../src/world';
import { loadModel } from './helpers';

test('SIMA runs on 3 shapes scenes in the worker, makes the pairs Node makes, and shows its evidence', async ({
  page,
}) => {
  const settings = { method: 'sima', seed: 1 } as const;
  // Node side: the CLI's path (onnxruntime-node, fp32) on pool scenes 2–4 of seed 1.
  const vlm = await loadVlm({ modelId: 'shapes-vlm' }, await detectCapabilities());
  const native = await runMethod(methodRuntimeOf(vlm), shapesItems(METHOD_SPLIT, 1, 3, 2), settings);
  await vlm.model.dispose();
  expect(native.pairs.length).toBeGreaterThan(0);

  await loadModel(page, { modelId: 'shapes-vlm', device: 'wasm', dtype: 'fp32' });
  await page.goto('/#/methods');
  await page.getByTestId('method-select').selectOption('sima');
  await page.getByTestId('method-n').fill('3');
  await page.getByTestId('method-start').fill('2');
  await page.getByTestId('method-seed').fill('1');
  await page.getByTestId('method-run').click();
  await expect(page.getByTestId('method-counts')).toContainText(`items 3 · pairs ${native.pairs.length}`);
  const rows = page.getByTestId('method-pair-row');
  await expect(rows).toHaveCount(native.pairs.length);
  for (const [i, pair] of native.pairs.entries()) {
    await expect(rows.nth(i)).toContainText(pair.chosen);
    await expect(rows.nth(i)).toContainText(pair.rejected);
  }

  // The evidence: both answers, the critic's full text and its verdict.
  await rows.first().click();
  const evidence = native.pairs[0]!.evidence as SimaEvidence;
  await expect(page.getByTestId('sima-evidence')).toContainText(evidence.greedy);
  await expect(page.getByTestId('sima-evidence')).toContainText(evidence.sampled);
  await expect(page.getByTestId('critic-text')).toHaveText(evidence.critic);
  await expect(page.getByTestId('sima-verdict')).toHaveText(`[[${evidence.verdict}]]`);

  // Stored: a reload keeps the run, its pairs and the selected pair; the same run again stores nothing twice.
  await page.reload();
  await expect(page.getByTestId('sima-evidence')).toBeVisible();
  await expect(rows).toHaveCount(native.pairs.length);
  await page.getByTestId('method-run').click();
  await expect(page.getByTestId('method-counts')).toContainText(`${native.pairs.length} already stored`);
  expect(
    await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const open = indexedDB.open('selfalign');
          open.onsuccess = () => {
            const count = open.result.transaction('pairs').objectStore('pairs').count();
            count.onsuccess = () => resolve(count.result);
          };
        }),
    ),
  ).toBe(native.pairs.length);
});

test('SeVa shows the clean and augmented sides and re-runs at another step; CSR shows its sentence tree', async ({
  page,
}) => {
  const vlm = await loadVlm({ modelId: 'shapes-vlm' }, await detectCapabilities());
  const clip = await loadClip();
  const runtime = methodRuntimeOf(vlm, clip);
  // The first pool scenes (seed 1) on which each method makes a pair: on the others its answers agree.
  const firstWithPair = async (settings: MethodSettings, from: number) => {
    for (let start = from; start < from + 20; start++) {
      const result = await runMethod(runtime, shapesItems(METHOD_SPLIT, 1, 1, start), settings);
      if (result.pairs.length > 0) return { start, pair: result.pairs[0]! };
    }
    throw new Error(`No pair from ${settings.method} on pool scenes ${from}–${from + 19}.`);
  };
  const seva = await firstWithPair({ method: 'seva', seed: 1, t: 500 }, 0);
  const csr = await firstWithPair({ method: 'csr', seed: 1 }, seva.start + 1);
  const sevaEvidence = seva.pair.evidence as SevaEvidence;
  const [at510] = await runtime.sample(
    augmentedRequest(shapesItems(METHOD_SPLIT, 1, 1, seva.start)[0]!, 'diffusion', 510, sevaEvidence.seed),
    { ...GREEDY, maxNewTokens: 96 },
  );
  await vlm.model.dispose();
  await clip.dispose();

  await loadModel(page, { modelId: 'shapes-vlm', device: 'wasm', dtype: 'fp32' });
  await page.goto('/#/methods');
  const run = async (method: string, start: number) => {
    await page.getByTestId('method-select').selectOption(method);
    await page.getByTestId('method-n').fill('1');
    await page.getByTestId('method-start').fill(String(start));
    await page.getByTestId('method-run').click();
    await expect(page.getByTestId('method-counts')).toContainText('items 1 · pairs 1');
    await page.getByTestId('method-pair-row').first().click();
  };

  await run('seva', seva.start);
  const side = page.getByTestId('seva-evidence');
  await expect(side).toContainText(sevaEvidence.clean);
  await expect(page.getByTestId('seva-augmented-answer')).toHaveText(sevaEvidence.augmented);
  await expect(page.getByTestId('seva-augmented-image')).toBeVisible();
  await expect(page.getByTestId('word-diff').locator('.diff-added, .diff-removed').first()).toBeAttached();
  await page.getByTestId('seva-t').focus();
  await page.keyboard.press('ArrowRight');
  await expect(side).toContainText('at t = 510');
  await expect(page.getByTestId('seva-augmented-answer')).toHaveText(at510!.text);

  await run('csr', csr.start);
  const csrEvidence = csr.pair.evidence as CsrEvidence;
  await expect(page.getByTestId('csr-node')).toHaveCount(csrEvidence.nodes.length);
  await expect(page.locator('[data-testid="csr-node"].chosen')).toHaveCount(csrEvidence.chosenPath.length);
  await expect(page.locator('[data-testid="csr-node"].rejected')).toHaveCount(csrEvidence.rejectedPath.length);
});

/** Every text the method's progress bar shows, recorded as the page changes (from now on). */
async function recordProgress(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const seen: string[] = [];
    Object.assign(window, { methodProgress: seen });
    new MutationObserver(() => {
      const text = document.querySelector('[data-testid="method-progress"]')?.textContent;
      if (text && text !== seen.at(-1)) seen.push(text);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  return () => page.evaluate(() => (window as unknown as { methodProgress: string[] }).methodProgress);
}

test('FiSAO calibrates once per model: the bar counts the items asked for, and a second run reuses the calibration', async ({
  page,
}) => {
  await loadModel(page, { modelId: 'shapes-vlm', device: 'wasm', dtype: 'fp32' });
  await page.goto('/#/methods');
  await page.getByTestId('method-select').selectOption('fisao');
  await page.getByTestId('method-n').fill('1');
  await page.getByTestId('method-start').fill('0');
  // Six calibration scenes: on fewer, the model's answers hallucinate no object for the calibration to score.
  await page.getByTestId('method-calibration').fill('6');
  let progress = await recordProgress(page);
  await page.getByTestId('method-run').click();
  await expect(page.getByTestId('method-counts')).toContainText('items 1');
  const first = await progress();
  // The calibration has its own line; the items' bar counts the one item asked for, not 1 + 6.
  expect(first).toContainEqual(expect.stringMatching(/^Calibrating FiSAO on 6 shapes scenes .*· [0-6] \/ 6/));
  expect(first.filter((text) => /items/.test(text) && !/^Calibrating/.test(text))).not.toHaveLength(0);
  expect(first.some((text) => /\/ 7 items/.test(text))).toBe(false);

  // The same model again, on the next scene: no calibration this time.
  await page.getByTestId('method-start').fill('1');
  progress = await recordProgress(page);
  await page.getByTestId('method-run').click();
  await expect(page.getByTestId('method-counts')).toContainText('items 1');
  const second = await progress();
  expect(second.filter((text) => text.startsWith('Calibrating'))).toEqual([]);
});

test('a Methods run cut off by a reload resumes from its next item and ends with the pairs an uninterrupted run makes', async ({
  page,
}) => {
  await loadModel(page, { modelId: 'shapes-vlm', device: 'wasm', dtype: 'fp32' });
  await page.goto('/#/methods');
  await page.getByTestId('method-select').selectOption('sima');
  // 64 items: four batches of 16 (the methods sample for 16 items at a time), so the reload comes mid-run.
  await page.getByTestId('method-n').fill('64');
  await page.getByTestId('method-start').fill('10');
  await page.getByTestId('method-seed').fill('1');
  await page.getByTestId('method-run').click();
  await expect(page.getByTestId('method-progress')).toContainText(/^(16|32|48) \/ 64 items/);
  await page.reload();

  // Marked interrupted, with the way on from the first item it had not done.
  await expect(page.getByTestId('method-run-select').locator('option:checked')).toContainText('interrupted');
  const resume = page.getByTestId('method-resume');
  // Progress is stored item by item as a batch's pairs are kept, so a reload during that loop
  // leaves the run mid-batch (seen: item 18); it resumes from its first item not done either way.
  await expect(resume).toHaveText(/^Resume from item \d+ of 64$/);
  const next = Number(/item (\d+)/.exec((await resume.textContent())!)![1]);
  expect(next).toBeGreaterThan(16);
  expect(next).toBeLessThanOrEqual(64);
  await page.getByTestId('model-badge').click();
  await loadModel(page, { modelId: 'shapes-vlm', device: 'wasm', dtype: 'fp32' });
  await page.goto('/#/methods');
  await resume.click();
  await expect(page.getByTestId('method-counts')).toContainText(/^items 64 · pairs \d+/, { timeout: 120_000 });
  await expect(page.getByTestId('method-run-select').locator('option:checked')).toContainText('complete');
  await expect(resume).toHaveCount(0);
  const pairs = Number(/pairs (\d+)/.exec((await page.getByTestId('method-counts').textContent())!)![1]);
  await expect(page.getByTestId('method-pair-row')).toHaveCount(pairs);

  // The same scenes run again from the start make exactly these pairs: every one already stored.
  await page.getByTestId('method-run').click();
  await expect(page.getByTestId('method-counts')).toContainText(`items 64 · pairs ${pairs}`, { timeout: 120_000 });
  await expect(page.getByTestId('method-counts')).toContainText(`${pairs} already stored`);
});

test('Cancel stops a Methods run after its current batch of items, keeping its pairs', async ({ page }) => {
  await loadModel(page, { modelId: 'shapes-vlm', device: 'wasm', dtype: 'fp32' });
  await page.goto('/#/methods');
  await page.getByTestId('method-select').selectOption('sima');
  await page.getByTestId('method-n').fill('80');
  await page.getByTestId('method-start').fill('40');
  await page.getByTestId('method-run').click();
  // The bar counts items as each batch's pairs are kept, so it may show any count; cancel early in the run.
  await expect(page.getByTestId('method-progress')).toContainText(/^([1-9]|[1-3]\d|4[0-7]) \/ 80 items/);
  await page.getByTestId('method-cancel').click();
  await expect(page.getByTestId('method-run-select').locator('option:checked')).toContainText('cancelled');
  const items = Number(/^items (\d+)/.exec((await page.getByTestId('method-counts').textContent())!)![1]);
  expect(items).toBeLessThan(80);
  expect(items % 16).toBe(0);
  await expect(page.getByTestId('method-resume')).toHaveText(`Resume from item ${items + 1} of 80`);
});
