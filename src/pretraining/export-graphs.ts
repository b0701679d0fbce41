/**
 * `npm run pretrain -- export DIR [--out DIR]`: (re-)exports the ONNX graphs of a trained embedded
 * model from its config.json and model.safetensors, e.g. after a change to the exporter.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tree } from '@jax-js/jax';
import { startEngine } from '../engine/jax-runtime';
import { modelGraphs } from './model-graphs';
import { paramsFromSafetensors } from '../engine/safetensors-params';
import { writeFiles } from './pretrain-files';

export async function exportGraphs(dir: string, out = dir): Promise<string[]> {
  for (const file of ['config.json', 'model.safetensors']) {
    if (!existsSync(join(dir, file)))
      throw new Error(`${dir} has no ${file}; point export at a folder written by npm run pretrain.`);
  }
  await startEngine();
  const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
  const params = paramsFromSafetensors(readFileSync(join(dir, 'model.safetensors')));
  try {
    return await writeFiles(out, modelGraphs(config, params));
  } finally {
    tree.dispose(params);
  }
}
