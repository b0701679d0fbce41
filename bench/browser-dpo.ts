// The Playwright side of the DPO bench: bench/browser/dpo.html in Chromium, once per model.
import { chromium } from '@playwright/test';
import { findChromium } from '../scripts/find-chromium.mjs';
import { chromiumArgs, origin, startVite, stopVite } from './browser-decode';
import type { BrowserDpoResult } from './browser/dpo-page';

export type BrowserDpoOutcome = { model: string } & (BrowserDpoResult | { error: string });

export async function benchBrowserDpo(models = ['shapes-vlm', 'smollm2']): Promise<BrowserDpoOutcome[] | { skipped: string }> {
  const executablePath = await findChromium();
  if (!executablePath) return { skipped: 'no Chromium found (set CHROMIUM_PATH)' };
  const vite = await startVite();
  const browser = await chromium.launch({ executablePath, args: chromiumArgs });
  try {
    const outcomes: BrowserDpoOutcome[] = [];
    for (const model of models) {
      const context = await browser.newContext();
      const page = await context.newPage();
      try {
        await page.goto(`${origin}/bench/browser/dpo.html?model=${model}`);
        await page.waitForFunction(() => window.__benchDpo?.done === true, undefined, { timeout: 590_000, polling: 500 });
        const outcome = await page.evaluate(() => window.__benchDpo);
        outcomes.push(outcome && 'result' in outcome ? { model, ...outcome.result } : { model, error: outcome && 'error' in outcome ? outcome.error : 'no result' });
      } catch (error) {
        outcomes.push({ model, error: (error as Error).message.split('\n')[0]! });
      } finally {
        await context.close();
      }
    }
    return outcomes;
  } finally {
    await browser.close();
    stopVite(vite);
  }
}
