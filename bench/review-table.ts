// The Pairs view with 20,000 stored pairs in Chromium: how long the table takes to show, the frame
// times while scrolling it, and how long a filter and a search take to update it. Measures only.
import { chromium } from '@playwright/test';
import { findChromium } from '../scripts/find-chromium.mjs';
import { chromiumArgs, origin, startVite, stopVite } from './browser-decode';

export interface ReviewTableSpeed {
  pairs: number;
  firstRenderMs: number;
  scrollFrames: number;
  frameMsMedian: number;
  frameMsP95: number;
  frameMsMax: number;
  statusFilterMs: number;
  searchMs: number;
}

export async function benchReviewTable(pairs = 20_000): Promise<ReviewTableSpeed | { skipped: string }> {
  const executablePath = await findChromium();
  if (!executablePath) return { skipped: 'no Chromium found (set CHROMIUM_PATH)' };
  const vite = await startVite();
  const browser = await chromium.launch({ executablePath, args: chromiumArgs });
  try {
    const page = await browser.newPage();
    page.on('crash', () => process.stderr.write('bench: the page crashed\n'));
    page.on('pageerror', (error) => process.stderr.write(`bench: page error: ${error.message}\n`));
    await page.goto(`${origin}/#/pairs`);
    await page.getByTestId('visible-count').waitFor();
    // The app made the database; fill its pairs store directly (a third of them already reviewed).
    await page.evaluate(
      (n) =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('selfalign');
          open.onsuccess = () => {
            const tx = open.result.transaction('pairs', 'readwrite');
            const store = tx.objectStore('pairs');
            const colours = ['red', 'blue', 'green', 'yellow', 'purple', 'orange'];
            for (let i = 0; i < n; i++) {
              const c = colours[i % colours.length];
              store.put({
                id: `bench-${String(i).padStart(5, '0')}`,
                method: ['sima', 'seva', 'csr', 'fisao'][i % 4],
                model: 'shapes-vlm',
                prompt: 'Describe the image.',
                image: { scene: { split: 'train', seed: 1, index: i } },
                chosen: `A small ${c} circle at the top left. A large blue star in the center.`,
                rejected: `A small ${c} circle at the top left. A large blue star in the center. A green square on the right.`,
                evidence: { method: 'bench', chosenScore: (i % 97) / 100, rejectedScore: 0.5 },
                contentKey: `k${i}`,
                createdAt: i,
                ...(i % 3 === 0 ? { review: { status: 'accepted', decidedAt: i } } : {}),
              });
            }
            tx.oncomplete = () => resolve();
            tx.onerror = () => reject(tx.error);
          };
        }),
      pairs,
    );
    const started = Date.now();
    await page.reload();
    await page
      .getByTestId('visible-count')
      .filter({ hasText: `${pairs} of ${pairs}` })
      .waitFor({ timeout: 120_000 })
      .catch(async (e) => {
        throw new Error(`${e.message.split('\n')[0]} (shows ${await page.getByTestId('visible-count').textContent()})`);
      });
    const firstRenderMs = Date.now() - started;
    // Scroll the table by 3 rows a frame for 300 frames and record each frame's duration.
    // A string, not a function: tsx would wrap a function's inner helpers in its own __name, which the page lacks.
    const frames = await page.evaluate<number[]>(`new Promise((resolve) => {
      const scroller = document.querySelector('[data-testid="review-scroller"]');
      const times = [];
      let last = performance.now();
      const step = (now) => {
        times.push(now - last);
        last = now;
        scroller.scrollTop += 90;
        if (times.length < 300) requestAnimationFrame(step);
        else resolve(times.slice(1));
      };
      requestAnimationFrame(step);
    })`);
    const timed = async (action: () => Promise<void>, text: string) => {
      const t0 = Date.now();
      await action();
      await page.getByTestId('visible-count').filter({ hasText: text }).waitFor();
      return Date.now() - t0;
    };
    const reviewed = Math.ceil(pairs / 3);
    const statusFilterMs = await timed(
      async () => void (await page.getByTestId('filter-status').selectOption('accepted')),
      `${reviewed} of ${pairs}`,
    );
    const searchMs = await timed(
      () => page.getByTestId('filter-query').fill('red'),
      `${Math.ceil(pairs / 6)} of ${pairs}`,
    );
    const sorted = [...frames].sort((a, b) => a - b);
    return {
      pairs,
      firstRenderMs,
      scrollFrames: frames.length,
      frameMsMedian: sorted[Math.floor(sorted.length / 2)]!,
      frameMsP95: sorted[Math.floor(sorted.length * 0.95)]!,
      frameMsMax: sorted.at(-1)!,
      statusFilterMs,
      searchMs,
    };
  } finally {
    await browser.close();
    stopVite(vite);
  }
}
