// The Playwright side of the round bench: bench/browser/round.html in Chromium, once per method.
import { chromium } from '@playwright/test';
import { findChromium } from '../scripts/find-chromium.mjs';
import { chromiumArgs, origin, startVite, stopVite } from './browser-decode';
import type { RoundBenchCase, RoundSpeed } from './round-speed';

export type BrowserRoundOutcome = RoundSpeed | (RoundBenchCase & { error: string });

export async function benchBrowserRound(cases: RoundBenchCase[]): Promise<BrowserRoundOutcome[] | { skipped: string }> {
  const executablePath = await findChromium();
  if (!executablePath) return { skipped: 'no Chromium found (set CHROMIUM_PATH)' };
  const vite = await startVite();
  const browser = await chromium.launch({ executablePath, args: chromiumArgs });
  try {
    const outcomes: BrowserRoundOutcome[] = [];
    for (const bench of cases) {
      const context = await browser.newContext();
      const page = await context.newPage();
      try {
        const query = new URLSearchParams({
          method: bench.method,
          n: String(bench.n),
          evalN: String(bench.evalN),
          steps: String(bench.steps),
        });
        await page.goto(`${origin}/bench/browser/round.html?${query}`, { waitUntil: 'commit' });
        await page.waitForFunction(() => window.__benchRound?.done === true, undefined, {
          timeout: 3_600_000,
          polling: 1000,
        });
        const outcome = await page.evaluate(() => window.__benchRound);
        outcomes.push(
          outcome && 'result' in outcome
            ? outcome.result
            : { ...bench, error: outcome && 'error' in outcome ? outcome.error : 'no result' },
        );
      } catch (error) {
        outcomes.push({ ...bench, error: (error as Error).message.split('\n')[0]! });
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
