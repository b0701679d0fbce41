/**
 * A LoRA adapter's settings, with PEFT's meaning: each targeted projection y = x·Wᵀ becomes
 * y = x·Wᵀ + scale·(dropout(x)·Aᵀ)·Bᵀ with A [r, in], B [out, r], scale = alpha / r (or alpha / √r
 * with rsLoRA). The engine keys the factors by PEFT's module path: `<path>.lora_A.weight`.
 */
import type { LlamaNames } from '../llama/config';

export const LORA_TARGETS = ['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj'] as const;
export type LoraTarget = (typeof LORA_TARGETS)[number];

export interface LoraConfig {
  r: number;
  alpha: number;
  /** Dropout on the adapter's input while training (PEFT's lora_dropout). */
  dropout: number;
  targets: readonly LoraTarget[];
  /** Decoder layers that get adapters (PEFT's layers_to_transform); all when absent. */
  layers?: readonly number[];
  /** scale = alpha / √r instead of alpha / r. */
  rslora: boolean;
}

export function loraScale(config: Pick<LoraConfig, 'r' | 'alpha' | 'rslora'>): number {
  return config.rslora ? config.alpha / Math.sqrt(config.r) : config.alpha / config.r;
}

/** The module a projection belongs to in a Llama layer. */
export function loraModule(target: LoraTarget): 'self_attn' | 'mlp' {
  return target === 'gate_proj' || target === 'up_proj' || target === 'down_proj' ? 'mlp' : 'self_attn';
}

const LAYER_NAME_KEYS: Record<LoraTarget, 'qProj' | 'kProj' | 'vProj' | 'oProj' | 'gateProj' | 'upProj' | 'downProj'> =
  {
    q_proj: 'qProj',
    k_proj: 'kProj',
    v_proj: 'vProj',
    o_proj: 'oProj',
    gate_proj: 'gateProj',
    up_proj: 'upProj',
    down_proj: 'downProj',
  };

/** A projection that carries an adapter: its layer, target and PEFT module path (weight name without `.weight`). */
export interface LoraModule {
  layer: number;
  target: LoraTarget;
  path: string;
}

/** The module path of a projection weight: `model.layers.0.self_attn.q_proj.weight` → `model.layers.0.self_attn.q_proj`. */
export function modulePathOf(weightName: string): string {
  return weightName.replace(/\.weight$/, '');
}

export function loraFactorKeys(path: string): { a: string; b: string } {
  return { a: `${path}.lora_A.weight`, b: `${path}.lora_B.weight` };
}

/** One clear sentence when the settings cannot describe an adapter for a decoder of `numLayers` layers. */
export function checkLoraConfig(config: LoraConfig, numLayers: number): void {
  if (!Number.isInteger(config.r) || config.r < 1)
    throw new Error(`The LoRA rank must be a whole number of at least 1, not ${config.r}.`);
  if (!(config.alpha > 0)) throw new Error(`lora_alpha must be positive, not ${config.alpha}.`);
  if (!(config.dropout >= 0 && config.dropout < 1))
    throw new Error(`lora_dropout must be in [0, 1), not ${config.dropout}.`);
  if (config.targets.length === 0) throw new Error('Choose at least one target module for LoRA.');
  const unknown = config.targets.filter((t) => !LORA_TARGETS.includes(t));
  if (unknown.length)
    throw new Error(`Unknown LoRA target modules: ${unknown.join(', ')} (known: ${LORA_TARGETS.join(', ')}).`);
  const badLayer = config.layers?.find((layer) => !Number.isInteger(layer) || layer < 0 || layer >= numLayers);
  if (badLayer !== undefined)
    throw new Error(`Layer ${badLayer} does not exist; the decoder has layers 0–${numLayers - 1}.`);
}

/** Every adapted projection, layer by layer in target order. */
export function loraModules(config: LoraConfig, names: LlamaNames, numLayers: number): LoraModule[] {
  checkLoraConfig(config, numLayers);
  const layers = config.layers ?? Array.from({ length: numLayers }, (_, i) => i);
  return [...layers]
    .sort((a, b) => a - b)
    .flatMap((layer) =>
      LORA_TARGETS.filter((target) => config.targets.includes(target)).map((target) => ({
        layer,
        target,
        path: modulePathOf(names.layer(layer)[LAYER_NAME_KEYS[target]]),
      })),
    );
}
