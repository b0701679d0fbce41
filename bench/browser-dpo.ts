// The Playwright side of the DPO bench: bench/browser/dpo.html in Chromium, once per model.
import { benchPageResult, withBenchBrowser } from './bench-pages';
import type { BrowserDpoResult } from './browser/dpo-page';

export type BrowserDpoOutcome = { model: string; device: string } & (BrowserDpoResult | { error: string });

/**
 * shapes-vlm on wasm and on WebGPU (SwiftShader here: software, but multi-threaded), and the
 * SmolLM2-135M shape on wasm (the page is cross-origin isolated, so jax-js uses a thread per core).
 */
export function benchBrowserDpo(
  cases = [
    { model: 'shapes-vlm', device: 'wasm' },
    { model: 'shapes-vlm', device: 'webgpu' },
    { model: 'smollm2', device: 'wasm' },
  ],
): Promise<BrowserDpoOutcome[] | { skipped: string }> {
  return withBenchBrowser(async (browser) => {
    const outcomes: BrowserDpoOutcome[] = [];
    for (const { model, device } of cases) {
      const outcome = await benchPageResult<BrowserDpoResult>(
        browser,
        `/bench/browser/dpo.html?model=${model}&device=${device}`,
        '__benchDpo',
        590_000,
      );
      outcomes.push('result' in outcome ? { model, ...outcome.result } : { model, device, error: outcome.error });
    }
    return outcomes;
  });
}
