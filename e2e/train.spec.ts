import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { expect, test, type Page } from '@playwright/test';
import { pairsToJsonl, type PairRecord } from '../src/data/pairs/pair-records';
import { oraclePairs } from '../src/data/pairs/oracle-pairs.testing';
import { exploreWithAdapter } from './helpers';

test('LoRA-DPO in the tab: import pairs, train with live charts, reload mid-run and resume from the checkpoint, keep the adapter', async ({
  page,
}) => {
  const file = join(tmpdir(), 'selfalign-e2e-pairs.jsonl');
  writeFileSync(file, pairsToJsonl(oraclePairs(8).map((pair) => ({ ...pair, review: { status: 'accepted' } }))));
  await page.goto('/#/train');
  await page.getByTestId('pairs-file').setInputFiles(file);
  await expect(page.getByTestId('pair-count')).toHaveText('8 pairs');
  await expect(page.getByTestId('train-choice')).toHaveText('8 pairs chosen');

  await page.getByTestId('train-steps').fill('8');
  await page.getByTestId('train-batch').fill('2');
  await page.getByTestId('train-lr').fill('0.01');
  // Plain DPO, so the first step's loss is log 2 (below).
  await page.getByTestId('train-sft-weight').fill('0');
  await page.getByTestId('train-warmup').fill('0');
  await page.getByTestId('train-checkpoint-every').fill('2');
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('train-phase')).toContainText(/Training · [3-7] \/ 8/);
  // The device is decided once per page by a short probe and said in one plain sentence; in this
  // headless Chromium the only WebGPU adapter is SwiftShader, so training runs on wasm.
  const deviceNote = page.getByTestId('train-note');
  await expect(deviceNote).toHaveText(
    /^Training runs on (WebGPU: a short test on this GPU passed|WebAssembly \(CPU\): [^()]+)\.$/,
  );
  const device = (await deviceNote.textContent())!.includes('WebGPU:') ? 'webgpu' : 'wasm';
  await expect(page.getByTestId('train-stats')).toContainText(new RegExp(`^${device} · [\\d.]+ s/step`));
  // The run selector follows the live step.
  await expect(page.getByTestId('run-select').locator('option:checked')).toContainText(/running · step [1-8]\/8/);

  // The page goes away mid-run: the run continues from its last checkpoint (step 2, 4 or 6).
  await page.reload();
  await expect(page.getByTestId('train-phase')).toContainText(/resumed from the checkpoint at step [246]/);
  await expect(page.getByTestId('train-phase')).toContainText(/Training · [3-8] \/ 8/);
  await expect(deviceNote).toHaveText(/^Training runs on /);
  await expect(page.getByTestId('run-status')).toHaveText('complete');
  await expect(page.getByTestId('chart-loss')).toHaveAttribute('data-points', '8');
  // After the run: where it ran and how fast stay on screen.
  await expect(page.getByTestId('run-summary')).toHaveText(
    new RegExp(`^${device} · [\\d.]+ s/step · \\d+ tokens/s · 8 steps$`),
  );
  // Hovering a chart shows the step and the value there.
  const lossChart = page.getByTestId('chart-loss');
  const plot = lossChart.locator('.u-over');
  const box = (await plot.boundingBox())!;
  await plot.hover({ position: { x: box.width / 2, y: box.height / 2 } });
  await expect(lossChart.locator('.u-legend .u-series').first().locator('.u-value')).toHaveText(/^[1-8]$/);
  await expect(lossChart.locator('.u-legend .u-series').nth(1).locator('.u-value')).toHaveText(/^\d+\.\d+$/);
  await expect(page.getByTestId('adapter')).toHaveCount(1);
  await expect(page.getByTestId('adapter')).toContainText('shapes-vlm · 8 steps');
  // The adapter's name tells runs apart: methods, pairs, steps, loss, date and time.
  await expect(page.getByTestId('adapter').getByLabel('Adapter name')).toHaveValue(
    /^oracle · 8 pairs · 8 steps · sigmoid · \d{4}-\d\d-\d\d \d\d:\d\d$/,
  );

  // Stored with the run: every step's log, falling loss.
  const logs = await page.evaluate(async () => {
    const request = indexedDB.open('selfalign');
    const db = await new Promise<IDBDatabase>((resolve) => (request.onsuccess = () => resolve(request.result)));
    const runs = await new Promise<{ logs: { step: number; loss: number }[] }[]>((resolve) => {
      const get = db.transaction('trainingRuns').objectStore('trainingRuns').getAll();
      get.onsuccess = () => resolve(get.result);
    });
    return runs[0]!.logs;
  });
  expect(logs.map((l) => l.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  expect(logs[0]!.loss).toBeCloseTo(Math.log(2), 3);
  expect(logs[7]!.loss).toBeLessThan(logs[0]!.loss);

  // Export for PEFT: one zip of the folder save_pretrained writes, which imports back as it is.
  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export (PEFT zip)' }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^oracle-8-pairs-8-steps-sigmoid-[\d-]+\.zip$/);
  const zipPath = join(mkdtempSync(join(tmpdir(), 'selfalign-adapter-')), download.suggestedFilename());
  await download.saveAs(zipPath);
  const entries = unzipSync(readFileSync(zipPath));
  const folder = download.suggestedFilename().replace(/\.zip$/, '');
  expect(Object.keys(entries).sort()).toEqual([`${folder}/adapter_config.json`, `${folder}/adapter_model.safetensors`]);
  expect(JSON.parse(new TextDecoder().decode(entries[`${folder}/adapter_config.json`]))).toMatchObject({
    peft_type: 'LORA',
    base_model_name_or_path: 'shapes-vlm',
    r: 8,
  });
  await page.getByTestId('adapter-import').setInputFiles(zipPath);
  await expect(page.getByTestId('adapter')).toHaveCount(2);
  await expect(page.getByTestId('adapter').first()).toContainText('imported');

  // The live demo: switch the loaded model to the adapter (patched in at load), and compare.
  const adapterId = await exploreWithAdapter(page, 'sigmoid');
  await expect(page.getByTestId('model-badge')).toContainText('shapes-vlm + oracle · 8 pairs · 8 steps · sigmoid');
  await expect(page.getByTestId('adapter-loaded')).toContainText('running with');
  // The scene's ground truth on request.
  await page.getByTestId('ground-truth').locator('summary').click();
  await expect(page.getByTestId('ground-truth').locator('li').first()).toBeVisible();
  await page.getByTestId('compare').click();
  await expect(page.getByTestId('compare-base')).toContainText(/\w/);
  await expect(page.getByTestId('compare-adapted')).toContainText(/hallucinated object/);
  // Each side counts hallucinated objects and wrong attributes; the legend names the marks.
  await expect(page.getByTestId('compare-adapted-counts')).toHaveText(
    /^\d+ hallucinated objects? · \d+ wrong attributes?$/,
  );
  await expect(page.getByTestId('mention-legend')).toContainText('correct');
  await expect(page.getByTestId('mention-legend')).toContainText('wrong attribute');
  await expect(page.getByTestId('mention-legend')).toContainText('hallucinated');
  await page.reload();
  await expect(page.getByTestId('adapter-select')).toHaveValue(adapterId);
});

/** The stored pairs' references and the runs' pair ids, read from the page's IndexedDB. */
const storedTraining = (page: Page) =>
  page.evaluate<{ references: Record<string, PairRecord['reference']>; runPairIds: string[][] }>(`(async () => {
  const db = await new Promise((resolve) => { const open = indexedDB.open('selfalign'); open.onsuccess = () => resolve(open.result); });
  const all = (store) => new Promise((resolve) => { const get = db.transaction(store).objectStore(store).getAll(); get.onsuccess = () => resolve(get.result); });
  const pairs = await all('pairs');
  const runs = await all('trainingRuns');
  return { references: Object.fromEntries(pairs.map((p) => [p.id, p.reference])), runPairIds: runs.map((r) => r.pairIds) };
})()`);

test('the review statuses ticked choose the pairs, and a swapped pair trains with its answers exchanged', async ({
  page,
}) => {
  const [accepted, swapped, pending] = oraclePairs(3) as [PairRecord, PairRecord, PairRecord];
  const file = join(tmpdir(), 'selfalign-e2e-reviewed-pairs.jsonl');
  writeFileSync(
    file,
    pairsToJsonl([
      { ...accepted, review: { status: 'accepted' } },
      { ...swapped, review: { status: 'swapped' } },
      pending,
    ]),
  );
  await page.goto('/#/train');
  await page.getByTestId('pairs-file').setInputFiles(file);
  const choice = page.getByTestId('train-choice');
  await expect(choice).toHaveText('2 pairs chosen'); // the decided ones by default
  await page.getByTestId('train-status-pending').check();
  await expect(choice).toHaveText('3 pairs chosen');
  for (const status of ['pending', 'accepted', 'swapped']) await page.getByTestId(`train-status-${status}`).uncheck();
  await expect(choice).toHaveText('Choose at least one review status to train on.');
  await expect(page.getByTestId('train-start')).toBeDisabled();
  await page.getByTestId('train-status-tie').check();
  await expect(choice).toHaveText(
    'No pair has the status tie (the pairs are 1 pending, 1 accepted, 1 swapped): tick their status to train on them.',
  );

  // The choice is kept across a reload.
  await page.getByTestId('train-status-tie').uncheck();
  await page.getByTestId('train-status-swapped').check();
  await page.getByTestId('train-status-accepted').check();
  await page.reload();
  await expect(choice).toHaveText('2 pairs chosen');
  await expect(page.getByTestId('train-status-pending')).not.toBeChecked();

  await page.getByTestId('train-steps').fill('1');
  await page.getByTestId('train-batch').fill('2');
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('run-status')).toHaveText('complete');
  const stored = await storedTraining(page);
  expect(stored.runPairIds).toEqual([[accepted.id, swapped.id]]);
  // Each reference is stored with the texts it was computed for: the swapped pair's are exchanged.
  expect(stored.references[accepted.id]).toMatchObject({
    model: 'shapes-vlm',
    chosenText: accepted.chosen,
    rejectedText: accepted.rejected,
  });
  expect(stored.references[swapped.id]).toMatchObject({
    model: 'shapes-vlm',
    chosenText: swapped.rejected,
    rejectedText: swapped.chosen,
  });
  expect(stored.references[pending.id]).toBeUndefined();
});

test('training forced onto WebGPU that fails mid-run goes on on wasm, says so in one sentence and keeps the reference log-probs', async ({
  page,
}) => {
  const file = join(tmpdir(), 'selfalign-e2e-webgpu-pairs.jsonl');
  writeFileSync(file, pairsToJsonl(oraclePairs(4).map((pair) => ({ ...pair, review: { status: 'accepted' } }))));
  await page.goto('/#/train');
  await page.getByTestId('pairs-file').setInputFiles(file);
  await expect(page.getByTestId('train-choice')).toHaveText('4 pairs chosen');
  await page.getByTestId('train-device').selectOption('webgpu');
  await page.getByTestId('train-steps').fill('4');
  await page.getByTestId('train-batch').fill('2');
  await page.getByTestId('train-checkpoint-every').fill('1');
  // Every phase line and note the run shows, in order.
  await page.evaluate(() => {
    const seen: string[] = [];
    Object.assign(window, { trainLines: seen });
    new MutationObserver(() => {
      for (const id of ['train-phase', 'train-note']) {
        const text = document.querySelector(`[data-testid="${id}"]`)?.textContent;
        if (text && !seen.includes(`${id}: ${text}`)) seen.push(`${id}: ${text}`);
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('run-status')).toHaveText('complete');
  const lines = await page.evaluate(() => (window as unknown as { trainLines: string[] }).trainLines);
  expect(lines).toContainEqual('train-note: Training runs on WebGPU, as you chose.');
  // No raw browser error reaches the screen.
  expect(lines.filter((line) => /mapAsync|GPUBuffer|WebGPU failed \(/.test(line))).toEqual([]);
  const fellBack = lines.indexOf(
    'train-note: WebGPU stopped working, so training continues on WebAssembly (CPU) from the last checkpoint.',
  );
  // This headless Chromium's WebGPU is SwiftShader, which fails mid-run; where it does not, nothing more to check.
  if (fellBack < 0) return;
  // The reference log-probs computed on WebGPU are kept: the run on wasm does not compute them again.
  const reference = lines.map((line, i) => (line.includes('Reference log-probs') ? i : -1)).filter((i) => i >= 0);
  expect(reference.length).toBeGreaterThan(0);
  expect(reference.every((i) => i < fellBack)).toBe(true);
  await expect(page.getByTestId('run-summary')).toHaveText(/^wasm · /);
  const stored = await storedTraining(page);
  expect(Object.values(stored.references).every((reference) => reference?.model === 'shapes-vlm')).toBe(true);
});
