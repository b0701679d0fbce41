import { env } from '@huggingface/transformers';
import type { CatalogEntry } from './catalog';

let localModelPath: string | undefined;

/**
 * Where embedded models and onnxruntime's wasm files live. The browser passes paths ('/models/',
 * '/ort/'): an http URL as localModelPath breaks transformers.js's local-file check.
 */
export function configureRuntimePaths(paths: { localModelPath: string; wasmPaths?: string }): void {
  localModelPath = paths.localModelPath;
  if (paths.wasmPaths) {
    const wasm = env.backends.onnx.wasm as { wasmPaths?: unknown } | undefined;
    if (wasm) wasm.wasmPaths = paths.wasmPaths;
  }
}

function defaultLocalModelPath(): string {
  // Node only: the repo's public/models/ folder, found relative to this file.
  return decodeURIComponent(new URL('../../public/models/', import.meta.url).pathname);
}

/** Embedded models never touch the network; Hub models are fetched (and cached) only when picked. */
export function prepareEnvironmentFor(entry: CatalogEntry): void {
  env.localModelPath = localModelPath ?? defaultLocalModelPath();
  const embedded = entry.source === 'embedded';
  env.allowLocalModels = embedded;
  env.allowRemoteModels = !embedded;
}
