import { existsSync } from 'node:fs';

/** A Chromium to drive: $CHROMIUM_PATH, Debian's, or a Playwright-managed one; null when none exists. */
export async function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  try {
    const { chromium } = await import('@playwright/test');
    candidates.push(chromium.executablePath());
  } catch {
    // Playwright has no managed browser here; the system paths above are enough.
  }
  return candidates.find((path) => path && existsSync(path)) ?? null;
}
