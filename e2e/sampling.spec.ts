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
    // Every status line the K live columns show, recorded as the page changes.
    await page.evaluate(() => {
      const seen: string[][] = [];
      const tops: number[][] = [];
      Object.assign(window, { liveStatuses: seen, liveTops: tops });
      new MutationObserver(() => {
        const columns = [...document.querySelectorAll('[data-testid="live-answers"] [data-testid="answer"]')];
        const texts = columns.map((column) => column.querySelector('[data-testid="answer-status"]')?.textContent ?? '');
        if (!texts.length || texts.join('|') === seen.at(-1)?.join('|')) return;
        seen.push(texts);
        tops.push(columns.map((column) => Math.round(column.getBoundingClientRect().top)));
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await page.getByTestId('run').click();
    // Tokens stream into the live view before the run is stored.
    await expect(page.getByTestId('live-answers').getByTestId('token').first()).toBeVisible();
    const stored = page.getByTestId('history').getByTestId('run');
    await expect(stored).toHaveCount(1);
    // All three columns were there from the start, side by side (one row), each with its own progress.
    const { statuses, tops } = await page.evaluate(() => {
      const recorded = window as unknown as { liveStatuses: string[][]; liveTops: number[][] };
      return { statuses: recorded.liveStatuses, tops: recorded.liveTops };
    });
    expect(statuses.every((columns) => columns.length === 3)).toBe(true);
    expect(tops.every(([first, ...rest]) => rest.every((top) => top === first))).toBe(true);
    expect(statuses[0]).toEqual(['reading the image…', 'waiting for its first token', 'waiting for its first token']);
    // This model's answers decode as one batch: all three stream at once, each counting its own tokens.
    expect(statuses.some((columns) => columns.every((status) => /^\d+ \/ 12 tokens$/.test(status)))).toBe(true);
    const answers = stored.first().getByTestId('answer');
    await expect(answers).toHaveCount(3);
    for (let i = 0; i < 3; i++) await expect(answers.nth(i).getByTestId('token').first()).toBeVisible();

    // The heatmap's colours are explained.
    await expect(page.getByTestId('logprob-legend')).toContainText('p = 0');
    await expect(page.getByTestId('logprob-legend')).toContainText('p = 1');
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

test('Esc stops the answers being decoded at their next token, not after the whole answers', async ({ page }) => {
  await page.goto('/');
  const png = await makePng(page);
  await uploadFiles(page, [{ name: 'card.png', mimeType: 'image/png', buffer: png }]);
  await expect(page.getByTestId('gallery').locator('li')).toHaveCount(1);
  await loadModel(page, { device: 'wasm' });
  await page.goto('/#/explore');
  await page.getByTestId('gallery').locator('li button').first().click();
  // A photo shown to an embedded model: said once that it knows only the shapes world, pointing at the Hub.
  const notice = page.getByTestId('photo-notice');
  await expect(notice).toContainText('trained here on the shapes world only');
  await expect(notice.getByRole('link', { name: 'Model panel' })).toHaveAttribute('href', '#/model');
  await expect(notice).toContainText('SmolVLM');
  await page.getByTestId('photo-notice-dismiss').click();
  await expect(notice).toHaveCount(0);
  await page.getByTestId('opt-k').fill('3');
  await page.getByTestId('opt-maxNewTokens').fill('512');
  // Random weights end an answer early at times; held to 512 tokens, each runs to its budget unless stopped.
  await page.getByTestId('opt-minNewTokens').fill('512');
  await page.getByTestId('run').click();
  await expect(page.getByTestId('live-answers').getByTestId('token').first()).toBeVisible();
  await page.keyboard.press('Escape');
  const stored = page.getByTestId('history').getByTestId('run');
  await expect(stored).toHaveCount(1);
  await expect(stored).toContainText('cancelled');
  // Cut where it was: every answer well short of its 512 tokens (a cancel that waited for the
  // decoding to end would find them all at 512).
  const answers = stored.getByTestId('answer');
  await expect(answers.filter({ hasText: '· cut' })).toHaveCount(3);
  for (const text of await answers.allTextContents()) expect(Number(/(\d+) tokens/.exec(text)![1])).toBeLessThan(512);
  // Once dismissed, the photo notice stays away.
  await page.reload();
  await expect(page.getByTestId('preview')).toBeVisible();
  await expect(notice).toHaveCount(0);
});
