import { blockUntilReady, numpy as np } from '@jax-js/jax';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startEngine } from './jax-runtime';

interface SlotBackend {
  malloc(...args: unknown[]): number;
  incRef(slot: number): void;
  decRef(slot: number): void;
}

const isSlotBackend = (value: unknown): value is SlotBackend =>
  typeof value === 'object' && value !== null && ['malloc', 'incRef', 'decRef'].every((k) => k in value);

/**
 * jax-js's wasm backend, which it does not export: its build chunk (`dist/backend-<hash>.js`, found by
 * name pattern, not by hash) exports getBackend under a minified name, found by what it returns.
 * If an upgrade moves it, this throws one sentence instead of breaking an import.
 */
async function wasmBackend(): Promise<SlotBackend> {
  const dist = dirname(createRequire(import.meta.url).resolve('@jax-js/jax'));
  for (const file of readdirSync(dist).filter((name) => /^backend-.*\.js$/.test(name))) {
    const chunk = (await import(pathToFileURL(join(dist, file)).href)) as Record<string, unknown>;
    for (const exported of Object.values(chunk)) {
      if (typeof exported !== 'function' || exported.length > 1) continue;
      try {
        const backend: unknown = exported('wasm');
        if (isSlotBackend(backend)) return backend;
      } catch {
        // not getBackend
      }
    }
  }
  throw new Error(`No wasm backend with malloc/incRef/decRef found in ${dist}; the live-buffer count needs updating.`);
}

/**
 * Counts the wasm backend's live buffers, so a test can check that a forward pass or a training
 * step gives back everything it allocates (a leak there is memory lost on every step).
 */
export async function trackLiveBuffers(): Promise<() => number> {
  await startEngine();
  const live = new Map<number, number>();
  const backend = await wasmBackend();
  const [malloc, incRef, decRef] = [
    backend.malloc.bind(backend),
    backend.incRef.bind(backend),
    backend.decRef.bind(backend),
  ];
  backend.malloc = (...args) => {
    const slot = malloc(...args);
    live.set(slot, 1);
    return slot;
  };
  backend.incRef = (slot) => {
    incRef(slot);
    live.set(slot, (live.get(slot) ?? 0) + 1);
  };
  backend.decRef = (slot) => {
    decRef(slot);
    const count = (live.get(slot) ?? 0) - 1;
    if (count > 0) live.set(slot, count);
    else live.delete(slot);
  };
  // The count must see an allocation, or every leak check built on it would pass.
  const before = live.size;
  const probe = np.array([1, 2, 3, 4]).mul(np.array([4, 3, 2, 1]));
  await blockUntilReady(probe);
  const seen = live.size > before;
  await probe.data(); // consumes the probe
  if (!seen) throw new Error('The live-buffer count did not see an allocation; it is hooked to the wrong backend.');
  return () => live.size;
}
