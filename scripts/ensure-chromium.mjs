// Before the browser tests: make sure a Chromium exists, installing Debian's when we can.
import { aptInstall } from './apt-install.mjs';
import { findChromium } from './find-chromium.mjs';

if (!(await findChromium())) {
  aptInstall(['chromium'], {
    announce: "No Chromium found; installing Debian's chromium with apt-get…",
    refusal: 'No Chromium found: install Debian\'s "chromium" package (or set CHROMIUM_PATH) and run npm test again.',
  });
  if (!(await findChromium())) {
    console.error('apt-get finished but no Chromium was found at /usr/bin/chromium.');
    process.exit(1);
  }
}
