// The browser side of the DPO bench: the engine's LoRA-DPO steps on jax-js wasm, in this page.
import { startEngine } from '../../src/engine/jax-runtime';
import { shapesVlmDpoSpeed, smolLm2DpoSpeed, type DpoSpeed } from '../dpo-speed';

export interface BrowserDpoResult {
  speed: DpoSpeed;
  /** The device jax-js started on. */
  device: string;
  threads: { hardwareConcurrency: number; crossOriginIsolated: boolean };
}

declare global {
  interface Window {
    __benchDpo?: { done: false } | { done: true; result: BrowserDpoResult } | { done: true; error: string };
  }
}

async function bytes(url: string): Promise<Uint8Array> {
  return new Uint8Array(await (await fetch(url)).arrayBuffer());
}

async function run(model: string, device: 'wasm' | 'webgpu'): Promise<BrowserDpoResult> {
  const started = await startEngine(device);
  const speed =
    model === 'smollm2'
      ? await smolLm2DpoSpeed()
      : await shapesVlmDpoSpeed({
          config: await (await fetch('/models/shapes-vlm/config.json')).text(),
          weights: await bytes('/models/shapes-vlm/model.safetensors'),
        });
  return {
    speed,
    device: started,
    threads: {
      hardwareConcurrency: navigator.hardwareConcurrency,
      crossOriginIsolated: globalThis.crossOriginIsolated,
    },
  };
}

window.__benchDpo = { done: false };
const query = new URLSearchParams(location.search);
run(query.get('model') ?? 'shapes-vlm', query.get('device') === 'webgpu' ? 'webgpu' : 'wasm').then(
  (result) => {
    window.__benchDpo = { done: true, result };
    document.getElementById('status')!.textContent = JSON.stringify(result, null, 2);
  },
  (error: unknown) => {
    window.__benchDpo = { done: true, error: error instanceof Error ? error.message : String(error) };
    document.getElementById('status')!.textContent = String(error);
  },
);
