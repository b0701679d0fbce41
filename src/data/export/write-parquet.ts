// Rows → one Parquet file with hyparquet-writer: nested columns as pyarrow lays them out, and the
// `datasets` features in the file's metadata under "huggingface", where load_dataset looks.
import { parquetWriteBuffer } from 'hyparquet-writer';
import { huggingFaceFeatures, parquetSchema, type TableSchema } from './table-schema';

/** What a Parquet export holds for an image, like a `datasets` Image. */
export interface EmbeddedImage {
  bytes: Uint8Array;
  path: string;
}

export function parquetBytes(columns: TableSchema, rows: readonly object[]): Uint8Array {
  const columnData = Object.keys(columns).map((name) => ({
    name,
    data: rows.map((row) => (row as Record<string, unknown>)[name]),
  }));
  const buffer = parquetWriteBuffer({
    columnData,
    schema: parquetSchema(columns),
    kvMetadata: [{ key: 'huggingface', value: JSON.stringify({ info: { features: huggingFaceFeatures(columns) } }) }],
    createdBy: 'selfalign',
  });
  return new Uint8Array(buffer);
}
