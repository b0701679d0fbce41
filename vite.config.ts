import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// Cross-origin isolation lets onnxruntime-web use WebAssembly threads (SharedArrayBuffer).
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** Serve onnxruntime's wasm files from the app itself (/ort/), never from a CDN. */
function onnxruntimeWasmFiles(): Plugin {
  const copy = () => {
    const require = createRequire(import.meta.url);
    const transformersDir = dirname(require.resolve('@huggingface/transformers/package.json'));
    const ortDist = join(dirname(require.resolve('onnxruntime-web/package.json', { paths: [transformersDir] })), 'dist');
    mkdirSync('public/ort', { recursive: true });
    for (const file of ['ort-wasm-simd-threaded.asyncify.mjs', 'ort-wasm-simd-threaded.asyncify.wasm']) {
      copyFileSync(join(ortDist, file), join('public/ort', file));
    }
  };
  return { name: 'onnxruntime-wasm-files', buildStart: copy, configureServer: copy };
}

export default defineConfig({
  plugins: [react(), onnxruntimeWasmFiles()],
  server: { port: 5173, strictPort: true, headers: isolationHeaders },
  preview: { port: 5173, strictPort: true, headers: isolationHeaders },
  worker: { format: 'es' },
  optimizeDeps: { exclude: ['@huggingface/transformers', 'onnxruntime-web'] },
});
