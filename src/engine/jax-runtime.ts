import { defaultDevice, init, type Device } from '@jax-js/jax';

/**
 * jax-js 0.1.25 uses ES2025 iterator helpers (`matchAll(...).map`) inside einsum, which Node 20
 * lacks: add the two it needs.
 */
function polyfillIteratorHelpers(): void {
  const iteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())) as {
    map?: unknown;
    filter?: unknown;
  };
  if (!iteratorPrototype.map) {
    iteratorPrototype.map = function* (this: Iterable<unknown>, f: (x: unknown, i: number) => unknown) {
      let i = 0;
      for (const x of this) yield f(x, i++);
    };
  }
  if (!iteratorPrototype.filter) {
    iteratorPrototype.filter = function* (this: Iterable<unknown>, f: (x: unknown, i: number) => boolean) {
      let i = 0;
      for (const x of this) if (f(x, i++)) yield x;
    };
  }
}

let ready: Promise<Device> | undefined;

/**
 * Starts jax-js once: WebGPU when asked for and available, else wasm. In Node, `init()` without
 * arguments touches `navigator`, so devices are named explicitly.
 */
export function startEngine(preferred: Device = 'wasm'): Promise<Device> {
  ready ??= (async () => {
    polyfillIteratorHelpers();
    const wanted: Device[] = preferred === 'webgpu' ? ['webgpu', 'wasm'] : ['wasm'];
    const available = await init('cpu', ...wanted);
    const device = wanted.find((d) => available.includes(d)) ?? 'cpu';
    defaultDevice(device);
    return device;
  })();
  return ready;
}
