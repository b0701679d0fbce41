import { weightInitializer, type Params } from '../init-weights';
import type { LlamaConfig, LlamaNames } from '../llama/config';
import { initLoraParams } from './init-lora';
import type { LoraConfig } from './lora-config';

/**
 * Adapter factors whose B is random (PEFT starts it at zero), so the adapter changes the output and gets gradient
 * everywhere. `bStd` sets how far: 0.3 moves a trained model's log-probs by nats, 0.05 by what DPO steps do.
 */
export function activeLoraParams(
  base: Params,
  config: LlamaConfig,
  names: LlamaNames,
  lora: LoraConfig,
  seed: number,
  bStd = 0.3,
): Params {
  const factors = initLoraParams(base, config, names, lora, seed);
  const init = weightInitializer(seed + 1);
  for (const name of Object.keys(factors).filter((n) => n.endsWith('lora_B.weight'))) {
    const shape = factors[name]!.shape;
    factors[name]!.dispose();
    factors[name] = init.normal([...shape], bStd);
  }
  return factors;
}
