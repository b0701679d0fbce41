// The Playwright side of the round bench: bench/browser/round.html in Chromium, once per method.
import { benchPageResult, withBenchBrowser } from './bench-pages';
import type { RoundBenchCase, RoundSpeed } from './round-speed';

export type BrowserRoundOutcome = RoundSpeed | (RoundBenchCase & { error: string });

export function benchBrowserRound(cases: RoundBenchCase[]): Promise<BrowserRoundOutcome[] | { skipped: string }> {
  return withBenchBrowser(async (browser) => {
    const outcomes: BrowserRoundOutcome[] = [];
    for (const bench of cases) {
      const query = new URLSearchParams({
        method: bench.method,
        n: String(bench.n),
        evalN: String(bench.evalN),
        steps: String(bench.steps),
      });
      const outcome = await benchPageResult<RoundSpeed>(
        browser,
        `/bench/browser/round.html?${query}`,
        '__benchRound',
        3_600_000,
      );
      outcomes.push('result' in outcome ? outcome.result : { ...bench, error: outcome.error });
    }
    return outcomes;
  });
}
