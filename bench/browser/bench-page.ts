// The browser side: the same runtime code on onnxruntime-web, in this page's main thread (fine for a
// bench: nothing else runs here). The model, dtype and device come from the page's query string.
import { env } from '@huggingface/transformers';
import { configureRuntimePaths, detectCapabilities, loadVlm, type Device } from '../../src/runtime';
import {
  benchImage,
  defaultDecodeBench,
  dtypeChoice,
  measureDecode,
  timeLoads,
  type BenchCase,
  type DecodeSummary,
} from '../measure-decode';

export interface BrowserBenchResult {
  device: Device;
  loadMs: number;
  reloadMs: number;
  decode: DecodeSummary;
  threads: {
    hardwareConcurrency: number;
    crossOriginIsolated: boolean;
    /** onnxruntime-web's wasm thread count after loading (it picks one when none is set). */
    ortNumThreads: unknown;
  };
  userAgent: string;
}

declare global {
  interface Window {
    __bench?: { done: false } | { done: true; result: BrowserBenchResult } | { done: true; error: string };
  }
}

async function run(device: Device, bench: BenchCase): Promise<BrowserBenchResult> {
  configureRuntimePaths({ localModelPath: '/models/', wasmPaths: '/ort/' });
  const caps = await detectCapabilities();
  const load = () => loadVlm({ modelId: bench.model, device, dtype: dtypeChoice(bench.dtype) }, caps);
  const { loaded: vlm, firstMs, reloadMs } = await timeLoads(load, (v) => v.model.dispose(), 5);
  // SwiftShader's WebGPU is slow software: shorter answers and fewer runs keep it within its minute.
  const options =
    device === 'webgpu' ? { ...defaultDecodeBench, maxNewTokens: 32, repetitions: 3 } : defaultDecodeBench;
  const decode = await measureDecode(vlm, benchImage(), options);
  await vlm.model.dispose();
  const wasm = env.backends.onnx.wasm as { numThreads?: unknown } | undefined;
  return {
    device,
    loadMs: firstMs,
    reloadMs,
    decode,
    threads: {
      hardwareConcurrency: navigator.hardwareConcurrency,
      crossOriginIsolated,
      ortNumThreads: wasm?.numThreads ?? null,
    },
    userAgent: navigator.userAgent,
  };
}

const status = document.getElementById('status')!;
const query = new URLSearchParams(location.search);
const device: Device = query.get('device') === 'webgpu' ? 'webgpu' : 'wasm';
const bench: BenchCase = {
  model: query.get('model') ?? 'tiny-random-smolvlm',
  dtype: query.get('dtype') === 'q4' ? 'q4' : 'fp32',
};
window.__bench = { done: false };
run(device, bench).then(
  (result) => {
    window.__bench = { done: true, result };
    status.textContent = JSON.stringify(result, null, 2);
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    window.__bench = { done: true, error: message };
    status.textContent = `failed: ${message}`;
  },
);
