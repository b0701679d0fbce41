/**
 * Where LoRA-DPO runs in a browser, decided once by a short probe: WebGPU when the browser has a
 * hardware adapter that computes and reads back a small product correctly, else WebAssembly. The
 * reason is one sentence for the Train view.
 */
import { numpy as np } from '@jax-js/jax';
import { startEngine } from '../../engine/jax-runtime';
import { detectCapabilities } from '../../runtime/device-choice';

export interface TrainingDeviceChoice {
  device: 'webgpu' | 'wasm';
  /** One plain sentence: where training runs and why. */
  reason: string;
}

export const TRAINING_DEVICE_REASONS = {
  webgpu: 'Training runs on WebGPU: a short test on this GPU passed.',
  noAdapter: 'Training runs on WebAssembly (CPU): this browser has no WebGPU adapter.',
  software: 'Training runs on WebAssembly (CPU): the only WebGPU adapter renders in software, which is slower.',
  probeFailed: 'Training runs on WebAssembly (CPU): WebGPU failed a short test in this browser.',
} as const;

/** A 32×32 product and its sum, read back: what a training step needs of the GPU, in a few milliseconds. */
async function gpuComputes(): Promise<boolean> {
  const a = np.ones([32, 32]);
  const sum = np.sum(np.matmul(a.ref, a));
  const [value] = await sum.data();
  return value === 32 * 32 * 32;
}

/** Starts the engine where training should run in this worker; the probe's worker is then done. */
export async function probeTrainingDevice(): Promise<TrainingDeviceChoice> {
  const caps = await detectCapabilities();
  if (!caps.webgpu) return { device: 'wasm', reason: TRAINING_DEVICE_REASONS.noAdapter };
  if (caps.softwareAdapter) return { device: 'wasm', reason: TRAINING_DEVICE_REASONS.software };
  try {
    const device = await startEngine('webgpu');
    if (device === 'webgpu' && (await gpuComputes()))
      return { device: 'webgpu', reason: TRAINING_DEVICE_REASONS.webgpu };
  } catch {
    // Any failure of the probe means the same as a wrong result: train on wasm.
  }
  return { device: 'wasm', reason: TRAINING_DEVICE_REASONS.probeFailed };
}
