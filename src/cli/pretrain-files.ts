/**
 * Writes a pretrained embedded model in the Hub layout transformers.js loads: model.safetensors
 * (HF tensor names, fp32) and its JSON files. (The ONNX graphs are exported from these later.)
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Params } from '../engine/init-weights';
import { paramsToSafetensors } from '../engine/safetensors-params';

/** Writes model.safetensors and every JSON file into `out` (created if needed); returns the file names. */
export async function writeModelDir(out: string, params: Params, json: Record<string, object>): Promise<string[]> {
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'model.safetensors'), await paramsToSafetensors(params, { format: 'pt' }));
  for (const [name, value] of Object.entries(json)) await writeFile(join(out, name), `${JSON.stringify(value, null, 2)}\n`);
  return ['model.safetensors', ...Object.keys(json)].sort();
}
