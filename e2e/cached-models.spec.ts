import { expect, test } from '@playwright/test';

test('the cached-models panel lists Hub files in the browser cache with sizes, and deletes them', async ({ page }) => {
  await page.goto('/#/model');
  // Put two files of a Hub model into transformers.js's cache, as a download would.
  await page.evaluate(async () => {
    const cache = await caches.open('transformers-cache');
    const put = (path: string, bytes: number) =>
      cache.put(
        `https://huggingface.co/someone/tiny-vlm/resolve/main/${path}`,
        new Response(new Uint8Array(bytes), { headers: { 'content-length': String(bytes) } }),
      );
    await put('config.json', 2048);
    await put('onnx/decoder_model_merged_q4.onnx', 3 * 1024 * 1024);
  });
  await page.reload();
  const row = page.locator('li', { hasText: 'someone/tiny-vlm' });
  await expect(row).toContainText('2 files · 3.0 MB');
  // Delete asks first, naming what goes; dismissed, nothing is deleted.
  const questions: string[] = [];
  page.once('dialog', (dialog) => void (questions.push(dialog.message()), dialog.dismiss()));
  await row.getByRole('button', { name: 'Delete' }).click();
  await expect
    .poll(() => questions)
    .toEqual([
      'Delete someone/tiny-vlm (2 files, 3.0 MB) from this browser; loading it downloads it again? This cannot be undone.',
    ]);
  await expect(row).toHaveCount(1);
  page.once('dialog', (dialog) => void dialog.accept());
  await row.getByRole('button', { name: 'Delete' }).click();
  await expect(row).toHaveCount(0);
  expect(await page.evaluate(async () => (await (await caches.open('transformers-cache')).keys()).length)).toBe(0);
});
