import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// Cross-origin isolation lets onnxruntime-web use WebAssembly threads (SharedArrayBuffer).
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

const ortFiles: Record<string, string> = {
  'ort-wasm-simd-threaded.asyncify.mjs': 'text/javascript',
  'ort-wasm-simd-threaded.asyncify.wasm': 'application/wasm',
};

/** The dist/ folder of the one onnxruntime-web that transformers.js pins. */
function ortDistFolder(): string {
  const require = createRequire(import.meta.url);
  const transformersEntry = require.resolve('@huggingface/transformers');
  return dirname(require.resolve('onnxruntime-web', { paths: [dirname(transformersEntry)] }));
}

/**
 * Serves onnxruntime's wasm files from the app at /ort/ (never from a CDN): straight from
 * node_modules in dev (Vite refuses to let code import .mjs files from public/), emitted in builds.
 */
function onnxruntimeWasmFiles(): Plugin {
  const folder = ortDistFolder();
  return {
    name: 'onnxruntime-wasm-files',
    configureServer(server) {
      server.middlewares.use('/ort', (request, response, next) => {
        const name = (request.url ?? '').replace(/^\//, '').split('?')[0];
        if (!(name in ortFiles)) return next();
        response.setHeader('Content-Type', ortFiles[name]);
        for (const [key, value] of Object.entries(isolationHeaders)) response.setHeader(key, value);
        response.end(readFileSync(join(folder, name)));
      });
    },
    generateBundle() {
      for (const name of Object.keys(ortFiles)) {
        this.emitFile({ type: 'asset', fileName: `ort/${name}`, source: readFileSync(join(folder, name)) });
      }
    },
  };
}

export default defineConfig({
  plugins: [react(), onnxruntimeWasmFiles()],
  server: { port: 5173, strictPort: true, headers: isolationHeaders },
  preview: { port: 5173, strictPort: true, headers: isolationHeaders },
  worker: { format: 'es' },
  optimizeDeps: {
    exclude: ['@huggingface/transformers', 'onnxruntime-web'],
    // Imported only by the workers: listed so that Vite pre-bundles them at start, instead of
    // discovering them when a worker first loads and reloading the page mid-run.
    include: ['@jax-js/jax', 'onnx-proto', 'comlink'],
  },
});
