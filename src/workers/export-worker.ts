/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import { exportDataset, zipExport, type ExportFile, type ExportFormat } from '../data/export';
import type { PairRecord, ReviewStatus } from '../data/pairs/pair-records';

export interface ExportRequest {
  pairs: PairRecord[];
  format: ExportFormat;
  parquet: boolean;
  statuses: ReviewStatus[];
  /** Extra files beside the dataset, e.g. a PEFT adapter under adapter/. */
  extraFiles: ExportFile[];
  /** The bytes of the images pairs name by path (imported or uploaded gallery images). */
  imageFiles: Record<string, Uint8Array>;
}

/** Builds the export zip off the main thread: drawing and encoding thousands of scene images takes seconds. */
const api = {
  async exportZip(request: ExportRequest): Promise<{ zip: Uint8Array; rows: number; images: number }> {
    const dataset = await exportDataset(request.pairs, {
      format: request.format,
      parquet: request.parquet,
      statuses: request.statuses,
      includeHint: 'tick their statuses in the export panel to include them',
      readImageFile: async (path, pairId) => {
        const bytes = request.imageFiles[path];
        if (!bytes) throw new Error(`The image ${path} of pair ${pairId} is not in the gallery; import it again.`);
        return bytes;
      },
    });
    const zip = zipExport([...dataset.files, ...request.extraFiles]);
    return Comlink.transfer({ zip, rows: dataset.rows, images: dataset.images }, [zip.buffer]);
  },
};

export type ExportWorkerApi = typeof api;
Comlink.expose(api);
