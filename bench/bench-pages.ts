// What the Chromium sides of the benches share: Vite and one Chromium for a run of pages, and one
// page's result, which the page puts on `window[key]` as { done, result } or { done, error }.
import { chromium, type Browser } from '@playwright/test';
import { findChromium } from '../scripts/find-chromium.mjs';
import { chromiumArgs, origin, startVite, stopVite } from './browser-decode';

/** Runs `use` with Vite serving the repo and Chromium started; skipped when there is no Chromium. */
export async function withBenchBrowser<T>(use: (browser: Browser) => Promise<T>): Promise<T | { skipped: string }> {
  const executablePath = await findChromium();
  if (!executablePath) return { skipped: 'no Chromium found (set CHROMIUM_PATH)' };
  const vite = await startVite();
  const browser = await chromium.launch({ executablePath, args: chromiumArgs });
  try {
    return await use(browser);
  } finally {
    await browser.close();
    stopVite(vite);
  }
}

type PageOutcome<R> = { done: false } | { done: true; result: R } | { done: true; error: string };

/** Opens `path` in a fresh context, waits for `window[key].done` (the page measures on load) and gives its result or error. */
export async function benchPageResult<R>(
  browser: Browser,
  path: string,
  key: string,
  timeoutMs: number,
): Promise<{ result: R } | { error: string }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    // The page measures on load, on its main thread: do not wait for the load event.
    await page.goto(origin + path, { waitUntil: 'commit' });
    await page.waitForFunction((k) => (window as unknown as Record<string, PageOutcome<R>>)[k]?.done === true, key, {
      timeout: timeoutMs,
      polling: 500,
    });
    const outcome = await page.evaluate((k) => (window as unknown as Record<string, PageOutcome<R>>)[k], key);
    if (outcome && 'result' in outcome) return { result: outcome.result };
    return { error: outcome && 'error' in outcome ? outcome.error : 'no result' };
  } catch (error) {
    return { error: (error as Error).message.split('\n')[0]! };
  } finally {
    await context.close();
  }
}
