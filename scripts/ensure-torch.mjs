// Before the unit tests and pretraining: make sure PyTorch (Debian's python3-torch) and the OpenMP
// OpenBLAS it needs to be fast are installed, installing them with apt-get when we can.
import { aptInstall } from './apt-install.mjs';
import { findTorchPython, hasFastBlas } from './find-torch-python.mjs';

if (!(findTorchPython() && hasFastBlas())) {
  const python = process.env.SELFALIGN_PYTHON;
  if (python) {
    console.error(`SELFALIGN_PYTHON (${python}) cannot import torch; point it at a Python with PyTorch.`);
    process.exit(1);
  }
  aptInstall(['python3-torch', 'libopenblas0-openmp'], {
    announce: "Installing PyTorch (Debian's python3-torch and libopenblas0-openmp) with apt-get…",
    refusal:
      "PyTorch is missing: install Debian's python3-torch and libopenblas0-openmp (or set SELFALIGN_PYTHON to a Python with torch) and try again.",
  });
  if (!findTorchPython()) {
    console.error('apt-get finished but no Python imports torch.');
    process.exit(1);
  }
}
