/**
 * Writes a pretrained embedded model in the Hub layout transformers.js loads: model.safetensors
 * (HF tensor names, fp32), its JSON files and its ONNX graphs (paths under the folder, e.g.
 * `onnx/decoder_model_merged_q4.onnx`).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Params } from '../engine/init-weights';
import { paramsToSafetensors } from '../engine/safetensors-params';

/** Writes every file into `out` (created if needed); returns the relative paths, sorted. */
export async function writeModelDir(
  out: string,
  params: Params,
  json: Record<string, object>,
  graphs: Map<string, Uint8Array> = new Map(),
): Promise<string[]> {
  const files = new Map<string, Uint8Array | string>([
    ['model.safetensors', await paramsToSafetensors(params, { format: 'pt' })],
  ]);
  for (const [name, value] of Object.entries(json)) files.set(name, `${JSON.stringify(value, null, 2)}\n`);
  for (const [name, bytes] of graphs) files.set(name, bytes);
  return writeFiles(out, files);
}

/** Writes each file (a path relative to `out`), creating folders; returns the paths, sorted. */
export async function writeFiles(out: string, files: Map<string, Uint8Array | string>): Promise<string[]> {
  for (const [name, content] of files) {
    await mkdir(dirname(join(out, name)), { recursive: true });
    await writeFile(join(out, name), content);
  }
  return [...files.keys()].sort();
}
