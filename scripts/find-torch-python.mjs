// The Python that has PyTorch: Debian's /usr/bin/python3 first (a pyenv shim may shadow it on PATH),
// then python3 on PATH. `SELFALIGN_PYTHON` overrides both.
import { execFileSync } from 'node:child_process';

const CANDIDATES = ['/usr/bin/python3', 'python3'];

function hasTorch(python) {
  try {
    execFileSync(python, ['-c', 'import torch'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The first Python that imports torch, or undefined. */
export function findTorchPython() {
  const override = process.env.SELFALIGN_PYTHON;
  if (override) return hasTorch(override) ? override : undefined;
  return CANDIDATES.find(hasTorch);
}

/** Whether torch links the reference BLAS (about 50× slower): libopenblas0-openmp is missing. */
export function hasFastBlas() {
  try {
    execFileSync(
      'sh',
      [
        '-c',
        'ls /usr/lib/x86_64-linux-gnu/openblas-openmp/libblas.so.3 /usr/lib/*/openblas-openmp/libblas.so.3 2>/dev/null | head -1 | grep -q .',
      ],
      { stdio: 'ignore' },
    );
    return true;
  } catch {
    return false;
  }
}
