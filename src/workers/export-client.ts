import * as Comlink from 'comlink';
import type { ExportRequest, ExportWorkerApi } from './export-worker';

/** One export in a fresh worker, ended when the zip is back (or the worker crashed). */
export async function exportZipInWorker(
  request: ExportRequest,
): Promise<{ zip: Uint8Array; rows: number; images: number }> {
  const worker = new Worker(new URL('./export-worker.ts', import.meta.url), { type: 'module' });
  const crashed = new Promise<never>((_, reject) =>
    worker.addEventListener('error', () =>
      reject(new Error('The export worker stopped unexpectedly (often out of memory); try fewer pairs or JSONL.')),
    ),
  );
  try {
    return await Promise.race([Comlink.wrap<ExportWorkerApi>(worker).exportZip(request), crashed]);
  } finally {
    worker.terminate();
  }
}
