import { expect, test } from '@playwright/test';
import { loadModel, makePng, uploadFiles, watchExternalRequests } from './helpers';

test('the app loads with its icon, makes no request outside localhost, and auto passes over SwiftShader for wasm', async ({
  page,
}) => {
  const external = watchExternalRequests(page);
  const missing: string[] = [];
  page.on('response', (response) => void (response.status() >= 400 && missing.push(response.url())));
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'SelfAlign' })).toBeVisible();
  const icon = await page.locator('link[rel="icon"]').getAttribute('href');
  expect((await page.request.get(icon!)).headers()['content-type']).toContain('svg');
  // This browser's only WebGPU adapter is SwiftShader: auto runs on wasm and says why.
  await loadModel(page);
  await expect(page.getByTestId('loaded-device')).toHaveText('wasm');
  await expect(page.getByTestId('model-ready')).toContainText('renders in software (SwiftShader');
  await loadModel(page, { device: 'wasm' });
  expect(missing).toEqual([]);
  await page.goto('/#/images');
  expect(external).toEqual([]);
});

for (const device of ['wasm', 'webgpu'] as const) {
  test(`samples K=3 streamed answers with a heatmap on ${device}, and they survive a reload`, async ({ page }) => {
    const external = watchExternalRequests(page);
    const warnings: string[] = [];
    page.on('console', (message) => void (message.type() !== 'log' && warnings.push(message.text())));
    await page.goto('/');
    const png = await makePng(page);
    await uploadFiles(page, [{ name: 'card.png', mimeType: 'image/png', buffer: png }]);
    await expect(page.getByTestId('gallery').locator('li')).toHaveCount(1);

    // WebGPU here is SwiftShader without f16 shaders: fp32 weights.
    await loadModel(page, device === 'webgpu' ? { device, dtype: 'fp32' } : { device });
    await expect(page.getByTestId('loaded-device')).toHaveText(device);

    await page.goto('/#/explore');
    await page.getByTestId('opt-k').fill('3');
    await page.getByTestId('opt-maxNewTokens').fill('12');
    await page.getByTestId('opt-seed').fill('5');
    await page.getByTestId('run').click();
    // Tokens stream into the live view before the run is stored.
    await expect(page.getByTestId('live-answers').getByTestId('token').first()).toBeVisible();
    const stored = page.getByTestId('history').getByTestId('run');
    await expect(stored).toHaveCount(1);
    const answers = stored.first().getByTestId('answer');
    await expect(answers).toHaveCount(3);
    for (let i = 0; i < 3; i++) await expect(answers.nth(i).getByTestId('token').first()).toBeVisible();

    const firstToken = answers.first().getByTestId('token').first();
    const colour = await firstToken.evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(colour).toMatch(/^rgb/);
    await firstToken.hover();
    await expect(page.getByTestId('token-tooltip')).toContainText('log p');
    await expect(page.getByTestId('token-tooltip').locator('tr')).toHaveCount(5);
    // The tooltip's <div> and <table> sit in a <div>, not a <p>: React has nothing to warn about.
    expect(warnings.filter((text) => /descendant|validateDOMNesting|hydration/i.test(text))).toEqual([]);

    const sums = await answers.getByTestId('sum-logprob').allTextContents();
    await page.reload();
    await expect(page.getByTestId('history').getByTestId('run')).toHaveCount(1);
    expect(await page.getByTestId('history').getByTestId('sum-logprob').allTextContents()).toEqual(sums);
    expect(external).toEqual([]);
    // Deleting a run asks first, naming it; dismissed, the run stays.
    const questions: string[] = [];
    page.once('dialog', (dialog) => void (questions.push(dialog.message()), dialog.dismiss()));
    const history = page.getByTestId('history');
    await history.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => questions[0]).toMatch(/^Delete this run \(".+", 3 answers\)\? This cannot be undone\.$/);
    await expect(history.getByTestId('run')).toHaveCount(1);
    page.once('dialog', (dialog) => void dialog.accept());
    await history.getByRole('button', { name: 'Delete' }).click();
    await expect(history.getByTestId('run')).toHaveCount(0);
  });
}
