// The browser side of the round bench: one round of a method on onnxruntime-web (wasm) and jax-js
// (wasm), in this page, timed per stage by bench/round-speed.ts.
import { startEngine } from '../../src/engine/jax-runtime';
import type { MethodName } from '../../src/data/runs';
import { configureRuntimePaths } from '../../src/runtime/transformers-env';
import { measureRound, type RoundSpeed } from '../round-speed';

declare global {
  interface Window {
    __benchRound?: { done: false } | { done: true; result: RoundSpeed } | { done: true; error: string };
  }
}

async function run(): Promise<RoundSpeed> {
  const query = new URLSearchParams(location.search);
  const number = (name: string) => Number(query.get(name));
  configureRuntimePaths({ localModelPath: '/models/', wasmPaths: '/ort/' });
  await startEngine('wasm');
  return measureRound(
    { method: query.get('method') as MethodName, n: number('n'), evalN: number('evalN'), steps: number('steps') },
    'wasm',
  );
}

const status = document.getElementById('status')!;
window.__benchRound = { done: false };
run().then(
  (result) => {
    window.__benchRound = { done: true, result };
    status.textContent = JSON.stringify(result, null, 2);
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    window.__benchRound = { done: true, error: message };
    status.textContent = `failed: ${message}`;
  },
);
