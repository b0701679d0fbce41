// Before the unit tests and pretraining: make sure PyTorch (Debian's python3-torch) and the OpenMP
// OpenBLAS it needs to be fast are installed, installing them with apt-get when we can.
import { execSync } from 'node:child_process';
import { findTorchPython, hasFastBlas } from './find-torch-python.mjs';

if (findTorchPython() && hasFastBlas()) process.exit(0);
if (process.env.SELFALIGN_PYTHON) {
  console.error(
    `SELFALIGN_PYTHON (${process.env.SELFALIGN_PYTHON}) cannot import torch; point it at a Python with PyTorch.`,
  );
  process.exit(1);
}

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
    "PyTorch is missing: install Debian's python3-torch and libopenblas0-openmp (or set SELFALIGN_PYTHON to a Python with torch) and try again.",
  );
  process.exit(1);
}
console.error("Installing PyTorch (Debian's python3-torch and libopenblas0-openmp) with apt-get…");
execSync(
  'apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-torch libopenblas0-openmp',
  { stdio: 'inherit' },
);
if (!findTorchPython()) {
  console.error('apt-get finished but no Python imports torch.');
  process.exit(1);
}
