import { readFileSync, writeFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { llamaFactoryRowProblems, trlRowProblems } from '../src/data/export/column-specs.testing';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { oraclePairs } from '../src/data/pairs/oracle-pairs.testing';
import { pairsToJsonl, type PairReview } from '../src/data/pairs/pair-records';

/** Every stored pair's review, by id, read from the page's IndexedDB. */
function storedReviews(page: Page): Promise<Record<string, PairReview | undefined>> {
  return page.evaluate(
    () =>
      new Promise((resolve) => {
        const open = indexedDB.open('selfalign');
        open.onsuccess = () => {
          const all = open.result.transaction('pairs').objectStore('pairs').getAll();
          all.onsuccess = () =>
            resolve(
              Object.fromEntries(all.result.map((pair: { id: string; review?: PairReview }) => [pair.id, pair.review])),
            );
        };
      }),
  );
}

test('an annotator reviews 20 pairs by keyboard only, reloads midway, undoes, and every decision is stored', async ({
  page,
}) => {
  const pairs = oraclePairs(20).map((pair, i) => ({
    ...pair,
    id: `pair-${String(i).padStart(2, '0')}`,
    method: i % 2 ? 'sima' : 'csr',
  }));
  // Malformed evidence (CSR without its tree) must not take the page down.
  pairs[5] = { ...pairs[5]!, evidence: { method: 'csr' } };
  const file = join(tmpdir(), 'selfalign-e2e-review.jsonl');
  writeFileSync(file, pairsToJsonl(pairs));
  await page.goto('/#/train');
  await page.getByTestId('pairs-file').setInputFiles(file);
  await expect(page.getByTestId('pair-count')).toHaveText('20 pairs');

  await page.goto('/#/pairs');
  await expect(page.getByTestId('visible-count')).toHaveText('20 of 20 pairs');
  const pane = page.getByTestId('review-pane');
  // Keys per pair: the decision (none = the suggestion, kept), then Enter.
  const plan: (string | null)[] = [
    null,
    '2',
    't',
    'b',
    's',
    null,
    '2',
    null,
    'b',
    null,
    null,
    '2',
    't',
    null,
    's',
    null,
    '2',
    null,
    null,
    'b',
  ];
  const expected: Record<string, string> = { null: 'accepted', '2': 'swapped', t: 'tie', b: 'both-bad', s: 'skipped' };
  const review = async (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      await expect(pane).toContainText(pairs[i]!.id);
      if (i === 5) await expect(pane).toContainText("This pair's evidence cannot be shown");
      if (plan[i]) await page.keyboard.press(plan[i]!);
      if (i === 3) {
        // E edits the left answer; Esc leaves the editor; the edit is kept beside the original.
        await page.keyboard.press('e');
        await page.getByTestId('edit-chosen').fill('An edited description.');
        await page.keyboard.press('Escape');
      }
      await page.keyboard.press('Enter');
    }
  };
  await review(0, 10);
  await expect(page).toHaveURL(new RegExp(`pair=${pairs[10]!.id}`));
  // Decisions are stored one after another in the background; the counts show them once stored.
  await expect(page.getByTestId('review-progress')).toContainText('pending 10');

  await page.reload();
  await expect(pane).toContainText(pairs[10]!.id);
  await expect(page.getByTestId('review-progress')).toContainText('pending 10');
  await review(10, 20);

  // Ctrl+Z takes back the last decision and shows its pair again; deciding again stores it again.
  await page.keyboard.press('Control+z');
  await expect(pane).toContainText(pairs[19]!.id);
  await expect(page.getByTestId('review-progress')).toContainText('pending 1');
  await page.keyboard.press('b');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('review-progress')).toContainText('pending 0');

  const reviews = await storedReviews(page);
  pairs.forEach((pair, i) => expect(reviews[pair.id]?.status, pair.id).toBe(expected[String(plan[i])]));
  expect(reviews[pairs[3]!.id]?.editedChosen).toBe('An edited description.');

  // The ? overlay lists the shortcuts; filters live in the URL.
  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcuts')).toContainText('Ctrl+Z');
  await page.keyboard.press('Escape');
  await page.getByTestId('filter-status').selectOption('swapped');
  await expect(page.getByTestId('review-row')).toHaveCount(plan.filter((k) => k === '2').length);
  await page.reload();
  await expect(page.getByTestId('filter-status')).toHaveValue('swapped');
  await expect(page.getByTestId('critic-agreement')).toContainText('SIMA');

  // Export: decided pairs only (accepted and swapped), as TRL and as LLaMA-Factory zips that validate.
  const decided = plan.filter((k) => k === null || k === '2').length;
  const exportZip = async (format: string) => {
    await page.getByTestId('export-format').selectOption(format);
    const download = page.waitForEvent('download');
    await page.getByTestId('export-run').click();
    await expect(page.getByTestId('export-note')).toContainText(`Exported ${decided} pairs`);
    return unzipSync(new Uint8Array(readFileSync((await (await download).path())!)));
  };
  const rowsOf = (files: Record<string, Uint8Array>) =>
    new TextDecoder()
      .decode(files['train.jsonl'])
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
  const trl = await exportZip('trl');
  expect(rowsOf(trl)).toHaveLength(decided);
  for (const row of rowsOf(trl)) {
    expect(trlRowProblems(row)).toEqual([]);
    expect(trl[row.images[0]], row.images[0]).toBeDefined();
  }
  const swappedPair = pairs[plan.indexOf('2')]!;
  const swappedRow = rowsOf(trl).find((row) => row.rejected[0].content[0].text === swappedPair.chosen);
  expect(swappedRow?.chosen[0].content[0].text).toBe(swappedPair.rejected);
  const factory = await exportZip('llama-factory');
  for (const row of rowsOf(factory)) expect(llamaFactoryRowProblems(row)).toEqual([]);
  expect(JSON.parse(new TextDecoder().decode(factory['dataset_info.json']))).toMatchObject({
    selfalign: { ranking: true, formatting: 'sharegpt' },
  });
});

test('Enter in the rationale gives the keys back to the pair; drafts survive a reload; the hash selects; bulk accept asks and is counted apart', async ({
  page,
}) => {
  const pairs = oraclePairs(3).map((pair, i) => ({ ...pair, id: `draft-${i}`, method: 'sima' }));
  const file = join(tmpdir(), 'selfalign-e2e-drafts.jsonl');
  writeFileSync(file, pairsToJsonl(pairs));
  await page.goto('/#/train');
  await page.getByTestId('pairs-file').setInputFiles(file);
  await expect(page.getByTestId('pair-count')).toHaveText('3 pairs');
  await page.goto('/#/pairs');
  const pane = page.getByTestId('review-pane');
  await expect(pane).toContainText('draft-0');

  // A rationale and Enter store the decision; the next `2` is a shortcut on the next pair, not text.
  await page.getByTestId('rationale').fill('the left names the circle');
  await page.keyboard.press('Enter');
  await expect(pane).toContainText('draft-1');
  await page.keyboard.press('2');
  await expect(page.getByTestId('rationale')).toHaveValue('');
  await expect(page.getByTestId('rationale')).not.toBeFocused();
  await expect(page.getByTestId('decide-swapped')).toHaveAttribute('aria-checked', 'true');
  await expect.poll(async () => (await storedReviews(page))['draft-0']?.rationale).toBe('the left names the circle');

  // An unsubmitted choice and rationale come back after a reload, and are not stored yet.
  await page.getByTestId('rationale').fill('half a thought');
  await page.reload();
  await expect(pane).toContainText('draft-1');
  await expect(page.getByTestId('decide-swapped')).toHaveAttribute('aria-checked', 'true');
  await expect(page.getByTestId('rationale')).toHaveValue('half a thought');
  expect((await storedReviews(page))['draft-1']).toBeUndefined();

  // Editing the hash in the same tab selects that pair.
  await page.evaluate(() => (window.location.hash = '#/pairs?pair=draft-2'));
  await expect(pane).toContainText('draft-2');

  // Accept suggestions asks with the count; dismissed, nothing is stored.
  const questions: string[] = [];
  page.once('dialog', (dialog) => void (questions.push(dialog.message()), dialog.dismiss()));
  await page.getByTestId('accept-all').click();
  await expect.poll(() => questions.length).toBe(1);
  expect(questions[0]).toContain('2 pending pairs');
  expect((await storedReviews(page))['draft-2']).toBeUndefined();
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByTestId('accept-all').click();
  await expect(page.getByTestId('bulk-accepted')).toContainText('2 pairs accepted in bulk');
  // Agreement counts the one decision made by hand; the pace, this session's hand decisions only.
  await expect(page.getByTestId('critic-agreement')).toContainText('SIMA 100.0% of 1');
  await expect(page.getByTestId('review-progress')).toContainText('this session 0 decisions (and 2 accepted in bulk)');
  // The stored decision clears the draft: draft-1 opens with what was stored.
  await page.reload();
  await expect(pane).toContainText('draft-2');
  await page.evaluate(() => (window.location.hash = '#/pairs?pair=draft-1'));
  await expect(pane).toContainText('draft-1');
  await expect(page.getByTestId('decide-accepted')).toHaveAttribute('aria-checked', 'true');
  await expect(page.getByTestId('rationale')).toHaveValue('');
});

test('at 1440×900 the review pane and its decision buttons are in view beside the table, with a larger image that still zooms', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  const pairs = oraclePairs(30).map((pair, i) => ({
    ...pair,
    id: `view-${String(i).padStart(2, '0')}`,
    method: 'sima',
  }));
  const file = join(tmpdir(), 'selfalign-e2e-layout.jsonl');
  writeFileSync(file, pairsToJsonl(pairs));
  await page.goto('/#/train');
  await page.getByTestId('pairs-file').setInputFiles(file);
  await expect(page.getByTestId('pair-count')).toHaveText('30 pairs');
  await page.goto('/#/pairs');
  await expect(page.getByTestId('review-pane')).toContainText('view-00');

  // Side by side: the pane starts beside the table, not below it.
  const table = (await page.getByTestId('review-table').boundingBox())!;
  const pane = (await page.getByTestId('review-pane').boundingBox())!;
  expect(pane.x).toBeGreaterThan(table.x + table.width);
  for (const id of ['decide-accepted', 'decide-swapped', 'decide-tie', 'rationale', 'submit-decision'])
    await expect(page.getByTestId(id)).toBeInViewport({ ratio: 1 });
  expect(await page.evaluate(() => window.scrollY)).toBe(0);

  // The image is larger than the table's rows by far, and a click zooms it further.
  const image = page.getByTestId('review-image').locator('img');
  await expect(image).toHaveAttribute('width', '224');
  await page.getByTestId('review-image').click();
  await expect(image).toHaveAttribute('width', '448');
  // Zoomed, the buttons stay reachable in the pane without scrolling the page.
  await expect(page.getByTestId('submit-decision')).toBeInViewport({ ratio: 1 });
  await page.getByTestId('review-image').click();

  // Deciding by mouse from the pane moves to the next pair, the pane still in view.
  await page.getByTestId('decide-swapped').click();
  await page.getByTestId('submit-decision').click();
  await expect(page.getByTestId('review-pane')).toContainText('view-01');
  await expect(page.getByTestId('decide-accepted')).toBeInViewport({ ratio: 1 });
});
