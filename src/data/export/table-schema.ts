// One description of an export's columns, turned into the Parquet schema and into the Hugging Face
// `datasets` features that go in the file's metadata (so load_dataset gives PIL images for image
// columns, as on the Hub). Every field is optional, as Arrow writes them.
import type { SchemaElement } from 'hyparquet';

export type ColumnType =
  | { kind: 'string' }
  | { kind: 'binary' }
  /** A `datasets` Image: {bytes, path}. */
  | { kind: 'image' }
  | { kind: 'list'; of: ColumnType }
  | { kind: 'struct'; fields: TableSchema };

/** Column name → type, in column order. */
export type TableSchema = Readonly<Record<string, ColumnType>>;

export const stringColumn: ColumnType = { kind: 'string' };
export const imageColumn: ColumnType = { kind: 'image' };
export const listOf = (of: ColumnType): ColumnType => ({ kind: 'list', of });
export const structOf = (fields: TableSchema): ColumnType => ({ kind: 'struct', fields });

const IMAGE_FIELDS: TableSchema = { bytes: { kind: 'binary' }, path: stringColumn };

function elements(name: string, type: ColumnType): SchemaElement[] {
  switch (type.kind) {
    case 'string':
      return [{ name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' }];
    case 'binary':
      return [{ name, type: 'BYTE_ARRAY', repetition_type: 'OPTIONAL' }];
    case 'image':
      return elements(name, structOf(IMAGE_FIELDS));
    case 'struct': {
      const children = Object.entries(type.fields);
      return [
        { name, repetition_type: 'OPTIONAL', num_children: children.length },
        ...children.flatMap(([child, t]) => elements(child, t)),
      ];
    }
    case 'list': // the three-level LIST layout of the Parquet spec, as pyarrow writes it
      return [
        { name, repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        ...elements('element', type.of),
      ];
  }
}

export function parquetSchema(table: TableSchema): SchemaElement[] {
  const columns = Object.entries(table);
  return [{ name: 'schema', num_children: columns.length }, ...columns.flatMap(([name, type]) => elements(name, type))];
}

/** The `datasets` Features JSON of a column: a list is written as a one-element JSON array (every `datasets` version reads that). */
function feature(type: ColumnType): unknown {
  switch (type.kind) {
    case 'string':
      return { dtype: 'string', _type: 'Value' };
    case 'binary':
      return { dtype: 'binary', _type: 'Value' };
    case 'image':
      return { _type: 'Image' };
    case 'list':
      return [feature(type.of)];
    case 'struct':
      return Object.fromEntries(Object.entries(type.fields).map(([name, t]) => [name, feature(t)]));
  }
}

export function huggingFaceFeatures(table: TableSchema): Record<string, unknown> {
  return Object.fromEntries(Object.entries(table).map(([name, type]) => [name, feature(type)]));
}
