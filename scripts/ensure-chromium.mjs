// Before the browser tests: make sure a Chromium exists, installing Debian's when we can.
import { execSync } from 'node:child_process';
import { findChromium } from './find-chromium.mjs';

const found = await findChromium();
if (found) process.exit(0);

const canApt =
  process.getuid?.() === 0 &&
  (() => {
    try {
      execSync('command -v apt-get', { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
if (!canApt) {
  console.error(
    'No Chromium found: install Debian\'s "chromium" package (or set CHROMIUM_PATH) and run npm test again.',
  );
  process.exit(1);
}
console.error("No Chromium found; installing Debian's chromium with apt-get…");
execSync('apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium', { stdio: 'inherit' });
if (!(await findChromium())) {
  console.error('apt-get finished but no Chromium was found at /usr/bin/chromium.');
  process.exit(1);
}
