import { closeSync, ftruncateSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { unzipSync, zipSync } from 'fflate';
import { runMethod } from '../src/methods/run-method';
import { detectCapabilities, loadVlm } from '../src/runtime';
import { methodRuntimeOf } from '../src/pipeline/method-runtime';
import { describeScene, DESCRIBE_PROMPT, encodePngSync, rasterizeScene, sampleScene } from '../src/world';
import { loadModel } from './helpers';

const png = (index: number) => Buffer.from(encodePngSync(rasterizeScene(sampleScene('test', 1, index))));
const llava = (images: string[], extra = '') =>
  `[${images.map((image, i) => `{"id":"q${i}","image":"${image}","conversations":[{"from":"human","value":"<image>\\nWhat is in the image?"},{"from":"gpt","value":"Shapes ${i}."}]}`).join(',')}${extra}]`;
const zip = (files: Record<string, Uint8Array | Buffer>) =>
  Buffer.from(zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, new Uint8Array(v)]))));

/** How many records each table holds, read from the page's IndexedDB. */
function counts(page: Page): Promise<Record<string, number>> {
  return page.evaluate(
    () =>
      new Promise((resolve) => {
        const open = indexedDB.open('selfalign');
        open.onsuccess = async () => {
          const db = open.result;
          const result: Record<string, number> = {};
          for (const name of ['images', 'pairs']) {
            result[name] = await new Promise<number>((done) => {
              const count = db.transaction(name).objectStore(name).count();
              count.onsuccess = () => done(count.result);
            });
          }
          resolve(result);
        };
      }),
  );
}

test('a LLaVA dataset imports as images with prompts and references; each bad import says why in one sentence and stores nothing', async ({
  page,
}) => {
  await page.goto('/#/images');
  // The dataset picker is a button in the app's style that names what it imports, not a bare "Choose Files".
  await expect(page.getByTestId('dataset-button')).toHaveText('Import a dataset (files or a zip)…');
  await expect(page.getByTestId('dataset-button')).toHaveCSS('cursor', 'pointer');
  const input = page.getByTestId('dataset-input');
  await expect(input).toBeHidden();
  await input.setInputFiles({
    name: 'llava.zip',
    mimeType: 'application/zip',
    buffer: zip({
      'llava.json': Buffer.from(llava(['images/a.png', 'images/b.png'])),
      'images/a.png': png(0),
      'images/b.png': png(1),
    }),
  });
  await expect(page.getByTestId('import-note')).toHaveText('Imported 2 LLaVA prompts on 2 images.');
  await expect(page.getByTestId('gallery')).toContainText('1 prompt with references');
  const stored = await counts(page);
  expect(stored).toEqual({ images: 2, pairs: 0 });

  const bad: [string, { name: string; mimeType: string; buffer: Buffer }, RegExp][] = [
    [
      'invalid JSON',
      { name: 'llava.json', mimeType: 'application/json', buffer: Buffer.from('[{"id": "q0",') },
      /llava\.json is not valid JSON/,
    ],
    [
      'a missing image',
      {
        name: 'llava.zip',
        mimeType: 'application/zip',
        buffer: zip({
          'llava.json': Buffer.from(llava(['images/a.png', 'images/missing.png'])),
          'images/a.png': png(0),
        }),
      },
      /images\/missing\.png .* is not in the import/,
    ],
    [
      'a path escaping the zip root',
      {
        name: 'evil.zip',
        mimeType: 'application/zip',
        buffer: zip({ '../outside.png': png(0), 'llava.json': Buffer.from(llava(['../outside.png'])) }),
      },
      /climbs out of its folder/,
    ],
    [
      'a __proto__ key',
      {
        name: 'llava.json',
        mimeType: 'application/json',
        buffer: Buffer.from(llava([], '{"__proto__":{"polluted":true}}').replace('[,', '[')),
      },
      /__proto__/,
    ],
    [
      'a zip bomb',
      { name: 'bomb.zip', mimeType: 'application/zip', buffer: zip({ 'llava.json': Buffer.alloc(150 * 2 ** 20, 32) }) },
      /zip bomb/,
    ],
  ];
  for (const [what, file, message] of bad) {
    await input.setInputFiles(file);
    await expect(page.getByTestId('error'), what).toHaveText(message);
    expect(await counts(page), what).toEqual(stored);
  }

  // A 500 MB file is refused by its size, before it is read.
  const huge = join(tmpdir(), 'selfalign-huge.json');
  const fd = openSync(huge, 'w');
  ftruncateSync(fd, 500_000_000);
  closeSync(fd);
  await input.setInputFiles(huge);
  await expect(page.getByTestId('error')).toHaveText(
    /selfalign-huge\.json is 500 MB, more than the 250 MB one import can hold/,
  );
  expect(await counts(page)).toEqual(stored);
  writeFileSync(huge, '');
});

test('SIMA runs on imported LLaVA items with their references, as in Node; the pairs show their images, export with them and train on them', async ({
  page,
}) => {
  const indices = [2, 3, 4, 5];
  const scene = (index: number) => sampleScene('train', 1, index);
  const records = indices.map((index) => ({
    id: `q${index}`,
    image: `images/s${index}.png`,
    conversations: [
      { from: 'human', value: '<image>\nDescribe the image.' },
      { from: 'gpt', value: describeScene(scene(index)) },
    ],
  }));
  const files: Record<string, Buffer> = { 'llava.json': Buffer.from(JSON.stringify(records)) };
  for (const index of indices) files[`images/s${index}.png`] = Buffer.from(encodePngSync(rasterizeScene(scene(index))));

  // Node: the same items as the worker builds them from the gallery.
  const vlm = await loadVlm({ modelId: 'shapes-vlm' }, await detectCapabilities());
  const items = indices.map((index) => ({
    id: `images/s${index}.png#q${index}`,
    image: rasterizeScene(scene(index)),
    imageRef: { path: `images/s${index}.png` },
    prompt: DESCRIBE_PROMPT,
    reference: describeScene(scene(index)),
  }));
  const native = await runMethod(methodRuntimeOf(vlm), items, { method: 'sima', seed: 1 });
  await vlm.model.dispose();
  expect(native.pairs.length).toBeGreaterThan(0);

  await page.goto('/#/images');
  await page
    .getByTestId('dataset-input')
    .setInputFiles({ name: 'llava.zip', mimeType: 'application/zip', buffer: zip(files) });
  await expect(page.getByTestId('import-note')).toHaveText(
    `Imported ${indices.length} LLaVA prompts on ${indices.length} images.`,
  );
  await loadModel(page, { modelId: 'shapes-vlm', device: 'wasm', dtype: 'fp32' });
  await page.goto('/#/methods');
  await page.getByTestId('method-select').selectOption('sima');
  await page.getByTestId('method-source').selectOption('gallery');
  await page.getByTestId('method-seed').fill('1');
  await page.getByTestId('method-run').click();
  await expect(page.getByTestId('method-counts')).toContainText(
    `items ${indices.length} · pairs ${native.pairs.length}`,
  );
  const rows = page.getByTestId('method-pair-row');
  await expect(rows).toHaveCount(native.pairs.length);
  const shown = (await rows.allTextContents()).sort();
  expect(shown).toEqual(native.pairs.map((pair) => `${pair.item}${pair.chosen}${pair.rejected}`).sort());

  await page.goto('/#/pairs');
  await expect(page.getByTestId('review-image').locator('img')).toBeVisible();
  page.once('dialog', (dialog) => void dialog.accept()); // "Accept suggestions" asks with the count first
  await page.getByTestId('accept-all').click();
  await expect(page.getByTestId('review-progress')).toContainText(`accepted ${native.pairs.length}`);
  const download = page.waitForEvent('download');
  await page.getByTestId('export-run').click();
  const exported = unzipSync(new Uint8Array(readFileSync((await (await download).path())!)));
  const imagePath = `images/s${native.pairs[0]!.item!.match(/s(\d+)\.png/)![1]}.png`;
  expect(Buffer.from(exported[imagePath]!)).toEqual(files[imagePath]);

  // The accepted pairs train on their gallery images: the worker gets each image's pixels.
  await page.goto('/#/train');
  await expect(page.getByTestId('train-choice')).toHaveText(
    `${native.pairs.length} pair${native.pairs.length === 1 ? '' : 's'} chosen`,
  );
  await page.getByTestId('train-steps').fill('1');
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('run-status')).toHaveText('complete', { timeout: 120_000 });
  const references = await page.evaluate<number>(`(async () => {
    const db = await new Promise((resolve) => { const r = indexedDB.open('selfalign'); r.onsuccess = () => resolve(r.result); });
    const pairs = await new Promise((resolve) => { const r = db.transaction('pairs').objectStore('pairs').getAll(); r.onsuccess = () => resolve(r.result); });
    return pairs.filter((pair) => pair.reference && pair.reference.model === 'shapes-vlm').length;
  })()`);
  expect(references).toBe(native.pairs.length);
});

test('COCO annotations give gallery images their objects, and the Evaluate view scores CHAIR and POPE on them', async ({
  page,
}) => {
  const instances = {
    images: [
      { id: 1, file_name: 'a.png' },
      { id: 2, file_name: 'b.png' },
    ],
    annotations: [
      { id: 1, image_id: 1, category_id: 1 },
      { id: 2, image_id: 2, category_id: 18 },
      { id: 3, image_id: 2, category_id: 1 },
    ],
    categories: [
      { id: 1, name: 'person' },
      { id: 18, name: 'dog' },
    ],
  };
  await page.goto('/#/images');
  await page.getByTestId('dataset-input').setInputFiles({
    name: 'coco.zip',
    mimeType: 'application/zip',
    buffer: zip({ 'instances.json': Buffer.from(JSON.stringify(instances)), 'a.png': png(0), 'b.png': png(1) }),
  });
  await expect(page.getByTestId('import-note')).toHaveText('Imported 2 annotated images on 2 images.');
  await expect(page.getByTestId('gallery')).toContainText('COCO: person, dog');

  await loadModel(page, { device: 'wasm', dtype: 'fp32' });
  await page.goto('/#/evaluate');
  await page.getByTestId('coco-run').click();
  await expect(page.getByTestId('coco-chair')).toContainText('tiny-random-smolvlm on 2 images: CHAIR_i');
  await page.reload();
  await expect(page.getByTestId('coco-chair')).toContainText('on 2 images');
});
