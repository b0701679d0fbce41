/** One JSON object a line, UTF-8, ending in a newline; key order is the rows' own. */
export function jsonlBytes(rows: readonly object[]): Uint8Array {
  return new TextEncoder().encode(rows.map((row) => JSON.stringify(row)).join('\n') + '\n');
}
