import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { expect, test, type Download, type Page } from '@playwright/test';
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
  await page.getByTestId('train-warmup').fill('0');
  await page.getByTestId('train-checkpoint-every').fill('2');
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('train-phase')).toContainText(/Training · [3-7] \/ 8/);
  // The worker tries WebGPU first; where that fails (in this headless Chromium, SwiftShader refuses
  // a buffer), the run says so and continues on wasm from its last checkpoint.
  await expect(page.getByTestId('train-stats')).toContainText(/^(webgpu|wasm) · [\d.]+ s\/step/);
  if ((await page.getByTestId('train-stats').textContent())!.startsWith('wasm')) {
    await expect(page.getByTestId('train-note')).toContainText(
      /^WebGPU failed \(.+\); continuing on WebAssembly from the last checkpoint\.$/,
    );
  }

  // The page goes away mid-run: the run continues from its last checkpoint (step 2, 4 or 6).
  await page.reload();
  await expect(page.getByTestId('train-phase')).toContainText(/resumed from the checkpoint at step [246]/);
  await expect(page.getByTestId('train-phase')).toContainText(/Training · [3-8] \/ 8/);
  await expect(page.getByTestId('run-status')).toHaveText('complete');
  await expect(page.getByTestId('chart-loss')).toHaveAttribute('data-points', '8');
  await expect(page.getByTestId('adapter')).toHaveCount(1);
  await expect(page.getByTestId('adapter')).toContainText('shapes-vlm · 8 steps');

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

  // Export for PEFT (two files, as save_pretrained writes them) and import them back.
  const downloads: Download[] = [];
  page.on('download', (download) => downloads.push(download));
  await page.getByRole('button', { name: 'Export (PEFT)' }).click();
  await expect.poll(() => downloads.length).toBe(2);
  const folder = mkdtempSync(join(tmpdir(), 'selfalign-adapter-'));
  const paths = await Promise.all(
    downloads.map(async (download) => {
      const path = join(folder, download.suggestedFilename());
      await download.saveAs(path);
      return path;
    }),
  );
  expect(paths.map((path) => basename(path)).sort()).toEqual(['adapter_config.json', 'adapter_model.safetensors']);
  expect(JSON.parse(readFileSync(join(folder, 'adapter_config.json'), 'utf8'))).toMatchObject({
    peft_type: 'LORA',
    base_model_name_or_path: 'shapes-vlm',
    r: 8,
  });
  await page.getByTestId('adapter-import').setInputFiles(paths);
  await expect(page.getByTestId('adapter')).toHaveCount(2);
  await expect(page.getByTestId('adapter').first()).toContainText('imported');

  // The live demo: switch the loaded model to the adapter (patched in at load), and compare.
  const adapterId = await exploreWithAdapter(page, 'sigmoid');
  await expect(page.getByTestId('model-badge')).toContainText('shapes-vlm + shapes-vlm · sigmoid');
  await expect(page.getByTestId('adapter-loaded')).toContainText('running with');
  await page.getByTestId('compare').click();
  await expect(page.getByTestId('compare-base')).toContainText(/\w/);
  await expect(page.getByTestId('compare-adapted')).toContainText(/hallucinated object/);
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
