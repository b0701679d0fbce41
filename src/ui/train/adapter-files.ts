import { unzipSync } from 'fflate';
import { database } from '../../data/database';
import { zipExport } from '../../data/export/zip-export';
import type { AdapterRecord } from '../../data/records';
import { describeStorageError } from '../../data/storage-errors';

const CONFIG = 'adapter_config.json';
const WEIGHTS = 'adapter_model.safetensors';

/** A file name from an adapter's name: "SIMA · 8 pairs · 8 steps" → "SIMA-8-pairs-8-steps". */
export function adapterFileName(name: string): string {
  return name.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'adapter';
}

/** The PEFT folder as one zip: the two files save_pretrained writes, under the adapter's name (unzip, then PeftModel.from_pretrained). */
export function adapterZip(adapter: Pick<AdapterRecord, 'name' | 'config' | 'weights'>): {
  name: string;
  bytes: Uint8Array;
} {
  const folder = adapterFileName(adapter.name);
  const bytes = zipExport([
    { path: `${folder}/${CONFIG}`, bytes: new TextEncoder().encode(adapter.config) },
    { path: `${folder}/${WEIGHTS}`, bytes: adapter.weights },
  ]);
  return { name: `${folder}.zip`, bytes };
}

/** The two PEFT files from the picked files: both files of the folder, or the folder's zip. */
async function peftFiles(files: FileList | File[]): Promise<{ config: string; weights: Uint8Array }> {
  const list = [...files];
  const zip = list.find((file) => /\.zip$/i.test(file.name));
  if (zip) {
    let entries: Record<string, Uint8Array>;
    try {
      entries = unzipSync(new Uint8Array(await zip.arrayBuffer()));
    } catch {
      throw new Error(`${zip.name} is not a readable zip file.`);
    }
    const find = (name: string) => Object.entries(entries).find(([path]) => path.split('/').pop() === name)?.[1];
    const config = find(CONFIG);
    const weights = find(WEIGHTS);
    if (!config || !weights) throw new Error(`${zip.name} does not hold both ${CONFIG} and ${WEIGHTS}.`);
    return { config: new TextDecoder().decode(config), weights };
  }
  const byName = new Map(list.map((file) => [file.name, file]));
  const config = byName.get(CONFIG);
  const weights = byName.get(WEIGHTS);
  if (!config || !weights) throw new Error(`Pick the adapter's zip, or both ${CONFIG} and ${WEIGHTS} from its folder.`);
  return { config: await config.text(), weights: new Uint8Array(await weights.arrayBuffer()) };
}

/**
 * A PEFT adapter (its zip, or its folder's two files) as an adapter of `modelId`. The config is
 * checked here; the tensors are checked against the model when it loads with the adapter.
 */
export async function importAdapter(files: FileList | File[], modelId: string): Promise<string> {
  const { config: text, weights } = await peftFiles(files);
  let json: { peft_type?: unknown; base_model_name_or_path?: unknown };
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${CONFIG} is not valid JSON.`);
  }
  if (json.peft_type !== 'LORA') throw new Error('Only LoRA adapters (peft_type "LORA") can be imported.');
  const base =
    typeof json.base_model_name_or_path === 'string' && json.base_model_name_or_path
      ? json.base_model_name_or_path
      : modelId;
  const adapter: AdapterRecord = {
    id: crypto.randomUUID(),
    name: `imported · ${base} · ${new Date().toLocaleString()}`,
    modelId: base,
    config: text,
    weights,
    steps: 0,
    createdAt: Date.now(),
  };
  try {
    await database.adapters.add(adapter);
  } catch (error) {
    throw new Error(describeStorageError(error, 'the adapter'));
  }
  return adapter.name;
}
