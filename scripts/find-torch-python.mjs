// The Python that has PyTorch: Debian's /usr/bin/python3 first (a pyenv shim may shadow it on PATH),
// then python3 on PATH. `SELFALIGN_PYTHON` overrides both.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

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

/** Whether the OpenMP OpenBLAS torch needs to be fast is installed (without it, the reference BLAS: ~50× slower). */
export function hasFastBlas() {
  return ['x86_64', 'aarch64'].some((arch) => existsSync(`/usr/lib/${arch}-linux-gnu/openblas-openmp/libblas.so.3`));
}
