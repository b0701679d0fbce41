// @ts-expect-error -- untyped internal chunk of the pinned jax-js 0.1.25: `s` is getBackend.
import { s as getBackend } from '../../node_modules/@jax-js/jax/dist/backend-CnjgxpXq.js';
import { startEngine } from './jax-runtime';

interface SlotBackend {
  malloc(...args: unknown[]): number;
  incRef(slot: number): void;
  decRef(slot: number): void;
}

/**
 * Counts the wasm backend's live buffers, so a test can check that a forward pass or a training
 * step gives back everything it allocates (a leak there is memory lost on every step). Reaches into
 * jax-js's build, so an upgrade of the pinned version breaks this import loudly.
 */
export async function trackLiveBuffers(): Promise<() => number> {
  await startEngine();
  const live = new Map<number, number>();
  const backend = (getBackend as (device: string) => SlotBackend)('wasm');
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
  return () => live.size;
}
