// Installs Debian packages with apt-get when this process may (root, apt present); otherwise prints
// `refusal` (one sentence saying what to install) and exits 1.
import { execSync } from 'node:child_process';

function canApt() {
  if (process.getuid?.() !== 0) return false;
  try {
    execSync('command -v apt-get', { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function aptInstall(packages, { announce, refusal }) {
  if (!canApt()) {
    console.error(refusal);
    process.exit(1);
  }
  console.error(announce);
  execSync(`apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q ${packages.join(' ')}`, {
    stdio: 'inherit',
  });
}
