// The Playwright side: serves the repo with Vite, opens bench/browser/index.html in Chromium and
// reads the page's figures from window.__bench.
import { spawn, type ChildProcess } from 'node:child_process';
import { chromium, type Browser } from '@playwright/test';
import { findChromium } from '../scripts/find-chromium.mjs';
import type { BrowserBenchResult } from './browser/bench-page';
import type { BenchCase } from './measure-decode';

const port = 5176;
export const origin = `http://localhost:${port}`;
const pagePath = '/bench/browser/index.html';
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-webgpu',
];

export type BrowserOutcome = { device: 'wasm' | 'webgpu'; bench: BenchCase } & (
  { result: BrowserBenchResult } | { error: string }
);

/** `npx vite` in its own process group, so stopping it also stops the node process npx starts. */
export async function startVite(): Promise<ChildProcess> {
  const vite = spawn('npx', ['vite', '--port', String(port), '--strictPort'], {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  vite.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[vite] ${chunk}`));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (vite.exitCode !== null) throw new Error(`vite exited with code ${vite.exitCode}`);
    const ok = await fetch(origin + pagePath).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return vite;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  stopVite(vite);
  throw new Error(`vite did not answer on ${origin} within 60 s`);
}

export function stopVite(vite: ChildProcess): void {
  if (vite.pid && vite.exitCode === null) {
    try {
      process.kill(-vite.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  }
}

/** Opens the bench page in a fresh context and waits for its result (or its error, or the time limit). */
async function benchDevice(
  browser: Browser,
  device: 'wasm' | 'webgpu',
  bench: BenchCase,
  timeoutMs: number,
): Promise<BrowserOutcome> {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (error) => process.stderr.write(`[page ${device}] ${error.message}\n`));
  try {
    await page.goto(
      `${origin}${pagePath}?device=${device}&model=${encodeURIComponent(bench.model)}&dtype=${bench.dtype}`,
    );
    await page.waitForFunction(() => window.__bench?.done === true, undefined, { timeout: timeoutMs, polling: 250 });
    const outcome = await page.evaluate(() => window.__bench);
    if (outcome && 'result' in outcome) return { device, bench, result: outcome.result };
    return { device, bench, error: outcome && 'error' in outcome ? outcome.error : 'no result' };
  } catch (error) {
    return { device, bench, error: (error as Error).message.split('\n')[0] };
  } finally {
    await context.close();
  }
}

/**
 * Each case on wasm (timed), then the first case on WebGPU (SwiftShader here: a functional check,
 * given a minute), in Debian's Chromium.
 */
export async function benchBrowser(cases: BenchCase[]): Promise<BrowserOutcome[] | { skipped: string }> {
  const executablePath = await findChromium();
  if (!executablePath) return { skipped: 'no Chromium found (set CHROMIUM_PATH)' };
  const vite = await startVite();
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath, args: chromiumArgs });
    process.stderr.write(`bench: chromium ${browser.version()} at ${executablePath}\n`);
    const outcomes: BrowserOutcome[] = [];
    for (const bench of cases) outcomes.push(await benchDevice(browser, 'wasm', bench, 300_000));
    outcomes.push(await benchDevice(browser, 'webgpu', cases[0]!, 60_000));
    return outcomes;
  } finally {
    await browser?.close();
    stopVite(vite);
  }
}
