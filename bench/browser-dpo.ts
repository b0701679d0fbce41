// The Playwright side of the DPO bench: bench/browser/dpo.html in Chromium, once per model.
import { chromium } from '@playwright/test';
import { findChromium } from '../scripts/find-chromium.mjs';
import { chromiumArgs, origin, startVite, stopVite } from './browser-decode';
import type { BrowserDpoResult } from './browser/dpo-page';

export type BrowserDpoOutcome = { model: string; device: string } & (BrowserDpoResult | { error: string });

/**
 * shapes-vlm on wasm and on WebGPU (SwiftShader here: software, but multi-threaded), and the
 * SmolLM2-135M shape on wasm (the page is cross-origin isolated, so jax-js uses a thread per core).
 */
export async function benchBrowserDpo(
  cases = [
    { model: 'shapes-vlm', device: 'wasm' },
    { model: 'shapes-vlm', device: 'webgpu' },
    { model: 'smollm2', device: 'wasm' },
  ],
): Promise<BrowserDpoOutcome[] | { skipped: string }> {
  const executablePath = await findChromium();
  if (!executablePath) return { skipped: 'no Chromium found (set CHROMIUM_PATH)' };
  const vite = await startVite();
  const browser = await chromium.launch({ executablePath, args: chromiumArgs });
  try {
    const outcomes: BrowserDpoOutcome[] = [];
    for (const { model, device } of cases) {
      const context = await browser.newContext();
      const page = await context.newPage();
      try {
        // The page measures on load, on its main thread: do not wait for the load event.
        await page.goto(`${origin}/bench/browser/dpo.html?model=${model}&device=${device}`, { waitUntil: 'commit' });
        await page.waitForFunction(() => window.__benchDpo?.done === true, undefined, {
          timeout: 590_000,
          polling: 500,
        });
        const outcome = await page.evaluate(() => window.__benchDpo);
        outcomes.push(
          outcome && 'result' in outcome
            ? { model, ...outcome.result }
            : { model, device, error: outcome && 'error' in outcome ? outcome.error : 'no result' },
        );
      } catch (error) {
        outcomes.push({ model, device, error: (error as Error).message.split('\n')[0]! });
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
