// JSON from a user's file, parsed so that it cannot tamper with the app: keys that reach into
// prototypes (__proto__, constructor, prototype) are refused wherever they occur, and so are texts
// over the size limit. Every failure is one sentence naming the file and, where it can, the place.
import { formatBytes, limitsWith, type ImportLimits } from './limits';

export const FORBIDDEN_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/** UTF-8 bytes → text (a leading byte-order mark dropped); not UTF-8 is one sentence. */
export function decodeUtf8(bytes: Uint8Array, name: string): string {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    throw new Error(`${name} is not UTF-8 text.`);
  }
}

/** A text (or bytes, decoded as UTF-8) no larger than the limit; bytes are measured before decoding. */
export function importText(input: string | Uint8Array, name: string, limits: Partial<ImportLimits> = {}): string {
  const { maxFileBytes } = limitsWith(limits);
  // A string is at least as long in UTF-8 as in UTF-16 code units, so its length is a lower bound.
  const size = typeof input === 'string' ? input.length : input.byteLength;
  if (size > maxFileBytes)
    throw new Error(
      `${name} is ${formatBytes(size)}, more than the ${formatBytes(maxFileBytes)} one import can hold; split it into smaller files.`,
    );
  return typeof input === 'string'
    ? input.charCodeAt(0) === 0xfeff
      ? input.slice(1)
      : input
    : decodeUtf8(input, name);
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

interface Frame {
  value: unknown;
  parent: Frame | null;
  key: string | number | null;
}

function pathOf(frame: Frame, key: string): string {
  const parts: string[] = [IDENTIFIER.test(key) ? key : JSON.stringify(key)];
  for (let at: Frame | null = frame; at && at.key !== null; at = at.parent) {
    const k = at.key;
    parts.push(typeof k === 'number' ? `[${k}]` : IDENTIFIER.test(k) ? k : JSON.stringify(k));
  }
  return parts
    .reverse()
    .reduce((path, part) => (path === '' ? part : part.startsWith('[') ? path + part : `${path}.${part}`), '');
}

/** The first forbidden key in a parsed value and where it is (e.g. images[3].__proto__), or null. */
export function findForbiddenKey(value: unknown): { key: string; path: string } | null {
  const stack: Frame[] = [{ value, parent: null, key: null }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const { value: v } = frame;
    if (typeof v !== 'object' || v === null) continue;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--)
        if (typeof v[i] === 'object' && v[i] !== null) stack.push({ value: v[i], parent: frame, key: i });
      continue;
    }
    const keys = Object.keys(v);
    for (const key of keys) if (FORBIDDEN_KEYS.includes(key)) return { key, path: pathOf(frame, key) };
    for (let i = keys.length - 1; i >= 0; i--) {
      const child = (v as Record<string, unknown>)[keys[i]!];
      if (typeof child === 'object' && child !== null) stack.push({ value: child, parent: frame, key: keys[i]! });
    }
  }
  return null;
}

/** A text that cannot hold a forbidden key needs no walk: none of the words, and no \u escape that could spell one. */
const MAY_HOLD_FORBIDDEN = /__proto__|constructor|prototype|\\u/;

function refuseForbidden(value: unknown, text: string, where: string): void {
  if (!MAY_HOLD_FORBIDDEN.test(text)) return;
  const found = findForbiddenKey(value);
  if (found)
    throw new Error(
      `${where} holds the key "${found.key}" (at ${found.path}), which imports refuse because it could tamper with the app.`,
    );
}

/** "at line 3, column 14" from an engine's message that gives a position, or ''. */
function placeOfError(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : '';
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return ` at line ${lineColumn[1]}, column ${lineColumn[2]}`;
  const position = /position (\d+)/.exec(message);
  if (!position) return '';
  const at = Math.min(Number(position[1]), text.length);
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  return ` at line ${line}, column ${at - before.lastIndexOf('\n')}`;
}

/** Parses one JSON document from a user's file; any problem is one sentence naming the file. */
export function parseJsonSafely(input: string | Uint8Array, name: string, limits: Partial<ImportLimits> = {}): unknown {
  const text = importText(input, name, limits);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${name} is not valid JSON${placeOfError(error, text)}.`);
  }
  refuseForbidden(value, text, name);
  return value;
}

/** Parses JSON Lines (blank lines skipped); a bad line refuses the whole file, naming the line. */
export function parseJsonLinesSafely(
  input: string | Uint8Array,
  name: string,
  limits: Partial<ImportLimits> = {},
): unknown[] {
  const text = importText(input, name, limits);
  const values: unknown[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new Error(`Line ${i + 1} of ${name} is not valid JSON.`);
    }
    refuseForbidden(value, line, `Line ${i + 1} of ${name}`);
    values.push(value);
  }
  return values;
}

/** A JSON text found inside another file (e.g. a metadata column): same rules, named by where it is. */
export function parseEmbeddedJson(text: string, where: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`${where} is not valid JSON.`);
  }
  refuseForbidden(value, text, where);
  return value;
}
