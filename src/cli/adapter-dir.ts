import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADAPTER_CONFIG_FILE, ADAPTER_WEIGHTS_FILE, type PeftAdapterFiles } from '../engine/lora/peft-files';

export function writeAdapterDir(dir: string, files: PeftAdapterFiles): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, ADAPTER_CONFIG_FILE), files.config);
  writeFileSync(join(dir, ADAPTER_WEIGHTS_FILE), files.weights);
}

/** The PEFT files of an adapter folder; a missing file is one sentence. */
export function readAdapterFiles(dir: string): PeftAdapterFiles {
  const read = (name: string) => {
    try {
      return readFileSync(join(dir, name));
    } catch {
      throw new Error(
        `${join(dir, name)} is missing: an adapter folder holds ${ADAPTER_CONFIG_FILE} and ${ADAPTER_WEIGHTS_FILE}.`,
      );
    }
  };
  return { config: read(ADAPTER_CONFIG_FILE).toString('utf8'), weights: new Uint8Array(read(ADAPTER_WEIGHTS_FILE)) };
}
