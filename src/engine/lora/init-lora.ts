import { weightInitializer, type Params } from '../init-weights';
import type { LlamaConfig, LlamaNames } from '../llama/config';
import { loraFactorKeys, loraModules, type LoraConfig } from './lora-config';

/**
 * Fresh adapter factors, as PEFT initialises them: A from kaiming_uniform(a=√5), i.e.
 * U(−1/√in, 1/√in), and B zero, so the adapted model starts equal to the base. `base` is borrowed
 * for the projections' shapes. The same seed gives the same factors everywhere.
 */
export function initLoraParams(
  base: Params,
  llama: LlamaConfig,
  names: LlamaNames,
  config: LoraConfig,
  seed: number,
): Params {
  const init = weightInitializer(seed);
  const factors: Params = {};
  for (const module of loraModules(config, names, llama.num_hidden_layers)) {
    const weight = base[`${module.path}.weight`];
    if (!weight) throw new Error(`The model has no weight ${module.path}.weight to adapt.`);
    const [out, inFeatures] = weight.shape as [number, number];
    const keys = loraFactorKeys(module.path);
    factors[keys.a] = init.uniform([config.r, inFeatures], 1 / Math.sqrt(inFeatures));
    factors[keys.b] = init.constant([out, config.r], 0);
  }
  return factors;
}
