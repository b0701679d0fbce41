import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { oraclePairs } from '../src/data/pairs/oracle-pairs.testing';
import { pairsToJsonl } from '../src/data/pairs/pair-records';

/** Every table of the project's database as JSON, blobs as base64 and byte arrays as number lists. */
function dumpDatabase(page: Page, name = 'selfalign'): Promise<Record<string, unknown[]>> {
  return page.evaluate(async (databaseName) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open(databaseName);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const plain = async (value: unknown): Promise<unknown> => {
      if (value instanceof Blob)
        return { blob: value.type, bytes: Array.from(new Uint8Array(await value.arrayBuffer())) };
      if (ArrayBuffer.isView(value))
        return { bytes: Array.from(new Uint8Array(value.buffer, value.byteOffset, value.byteLength)) };
      if (Array.isArray(value)) return Promise.all(value.map(plain));
      if (value && typeof value === 'object')
        return Object.fromEntries(await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await plain(v)])));
      return value;
    };
    const dump: Record<string, unknown[]> = {};
    for (const table of Array.from(db.objectStoreNames)) {
      const rows = await new Promise<unknown[]>((resolve) => {
        const all = db.transaction(table).objectStore(table).getAll();
        all.onsuccess = () => resolve(all.result);
      });
      dump[table] = (await plain(rows)) as unknown[];
    }
    db.close();
    return dump;
  }, name);
}

test('a project backup restores into a fresh browser identically; a bad file restores nothing; projects keep their data apart', async ({
  page,
  browser,
}) => {
  const file = join(tmpdir(), 'selfalign-e2e-project-pairs.jsonl');
  writeFileSync(file, pairsToJsonl(oraclePairs(5)));
  await page.goto('/#/train');
  await page.getByTestId('pairs-file').setInputFiles(file);
  await expect(page.getByTestId('pair-count')).toHaveText('5 pairs');
  await page.goto('/#/pairs');
  await expect(page.getByTestId('review-pane')).toBeVisible();
  await page.keyboard.press('2');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('review-progress')).toContainText('swapped 1');
  await page.goto('/#/images');
  await page.getByTestId('world-n').fill('2');
  await page.getByTestId('world-generate').click();
  await expect(page.getByTestId('gallery').locator('li')).toHaveCount(2);
  await expect(page.getByTestId('storage-usage')).toContainText(' of ');

  const before = await dumpDatabase(page);
  expect(before.pairs).toHaveLength(5);
  expect(before.images).toHaveLength(2);
  const download = page.waitForEvent('download');
  await page.getByTestId('project-backup').click();
  const backup = (await (await download).path())!;

  const fresh = await (await browser.newContext()).newPage();
  await fresh.goto('/#/pairs');
  const notBackup = join(tmpdir(), 'selfalign-not-a-backup.json');
  writeFileSync(notBackup, '{"hello": "world"}');
  await fresh.getByTestId('project-restore-file').setInputFiles(notBackup);
  await expect(fresh.getByTestId('project-message')).toHaveText('This file is not a SelfAlign project backup.');
  expect((await dumpDatabase(fresh)).pairs).toHaveLength(0);

  await fresh.getByTestId('project-restore-file').setInputFiles(backup);
  await expect(fresh.getByTestId('project-message')).toContainText('Restored');
  expect(await dumpDatabase(fresh)).toEqual(before);

  // A new project starts empty; switching back shows the first project's pairs again.
  await page.getByTestId('project-new').click();
  await page.getByTestId('project-name').fill('second');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('project-select')).toHaveValue('second');
  await page.goto('/#/train');
  await expect(page.getByTestId('pair-count')).toHaveText('0 pairs');
  await page.getByTestId('project-select').selectOption('default');
  await expect(page.getByTestId('project-select')).toHaveValue('default');
  await expect(page.getByTestId('pair-count')).toHaveText('5 pairs');
});
