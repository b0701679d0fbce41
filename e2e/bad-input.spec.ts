import { expect, test } from '@playwright/test';
import { largeGreyPng, loadModel, makePng, uploadFiles } from './helpers';

test('bad files get one sentence each and leave the gallery unchanged', async ({ page }) => {
  await page.goto('/');
  const png = await makePng(page);
  await uploadFiles(page, [{ name: 'good.png', mimeType: 'image/png', buffer: png }]);
  await expect(page.getByTestId('gallery').locator('li')).toHaveCount(1);

  const corrupt = Buffer.concat([png.subarray(0, 40), Buffer.from('not the rest of a png')]);
  await page.getByTestId('file-input').setInputFiles([{ name: 'broken.png', mimeType: 'image/png', buffer: corrupt }]);
  await expect(page.getByTestId('error')).toHaveText(/"broken\.png" could not be decoded as an image/);
  await expect(page.getByTestId('gallery').locator('li')).toHaveCount(1);

  await page.getByTestId('file-input').setInputFiles([
    { name: 'empty.png', mimeType: 'image/png', buffer: Buffer.alloc(0) },
    { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') },
  ]);
  await expect(page.getByTestId('error')).toHaveCount(2);
  await expect(page.getByTestId('error').first()).toHaveText(/"empty\.png" is empty/);
  await expect(page.getByTestId('error').nth(1)).toHaveText(/"notes\.txt" is not an image/);
  await expect(page.getByTestId('gallery').locator('li')).toHaveCount(1);

  await page.reload();
  await expect(page.getByTestId('gallery').locator('li')).toHaveCount(1);
});

test('a 10000×10000 image is downscaled on import with a note', async ({ page }) => {
  const huge = largeGreyPng(10000, 10000);
  await uploadFiles(page, [{ name: 'huge.png', mimeType: 'image/png', buffer: huge }]);
  await expect(page.getByTestId('import-note')).toHaveText(/Downscaled from 10000×10000 to 2048×2048/);
  await expect(page.getByTestId('gallery')).toContainText('2048×2048');
});

test('an unknown Hub id fails in one sentence without leaving localhost when the Hub is unreachable', async ({
  page,
}) => {
  await page.route(
    (url) => url.hostname !== 'localhost',
    (route) => route.abort('internetdisconnected'),
  );
  await page.goto('/#/model');
  await page.getByTestId('model-select').selectOption('__custom');
  await page.getByTestId('hub-id').fill('someone/no-such-model');
  await page.getByTestId('load-model').click();
  await expect(page.getByTestId('error')).toHaveText(/Hugging Face Hub could not be reached/);
});

test('a failed Hub load keeps the loaded model, and Explore runs it instead of trying the Hub again', async ({
  page,
}) => {
  const hubRequests: string[] = [];
  await page.route(
    (url) => url.hostname !== 'localhost',
    (route) => (hubRequests.push(route.request().url()), route.abort('internetdisconnected')),
  );
  await page.goto('/');
  const png = await makePng(page);
  await uploadFiles(page, [{ name: 'card.png', mimeType: 'image/png', buffer: png }]);
  await loadModel(page, { device: 'wasm' });

  await page.getByTestId('model-select').selectOption('__custom');
  await page.getByTestId('hub-id').fill('someone/no-such-model');
  await page.getByTestId('load-model').click();
  await expect(page.getByTestId('error')).toHaveText(/Hugging Face Hub could not be reached/);
  // The working model is still loaded, and says so.
  await expect(page.getByTestId('model-ready')).toContainText('Still loaded: tiny-random-smolvlm on wasm');
  await expect(page.getByTestId('model-badge')).toContainText('tiny-random-smolvlm');
  const triedHub = hubRequests.length;
  expect(triedHub).toBeGreaterThan(0);

  // Explore samples with the loaded model; the Hub is not asked again.
  await page.goto('/#/explore');
  await page.getByTestId('gallery').locator('li button').first().click();
  await page.getByTestId('opt-k').fill('1');
  await page.getByTestId('opt-maxNewTokens').fill('4');
  await page.getByTestId('run').click();
  await expect(page.getByTestId('history').getByTestId('run')).toHaveCount(1);
  await expect(page.getByTestId('error')).toHaveCount(0);
  expect(hubRequests.length).toBe(triedHub);
});
