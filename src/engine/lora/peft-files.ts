/**
 * A LoRA adapter as PEFT saves it: adapter_config.json and adapter_model.safetensors with tensors
 * `base_model.model.<module path>.lora_A.weight` [r, in] and `…lora_B.weight` [out, r].
 * Export writes a fixed key order and the safetensors writer sorts tensors, so
 * export → import → export gives the same bytes.
 */
import type { Params } from '../init-weights';
import { readSafetensorsHeader } from '../safetensors';
import { paramsFromSafetensors, paramsToSafetensors } from '../safetensors-params';
import { LORA_TARGETS, type LoraConfig, type LoraTarget } from './lora-config';

export const ADAPTER_CONFIG_FILE = 'adapter_config.json';
export const ADAPTER_WEIGHTS_FILE = 'adapter_model.safetensors';
/** PEFT's wrapper prefix in front of the base model's module paths. */
const PEFT_PREFIX = 'base_model.model.';

export interface PeftAdapterFiles {
  /** adapter_config.json */
  config: string;
  /** adapter_model.safetensors */
  weights: Uint8Array;
}

export interface PeftAdapter {
  config: LoraConfig;
  /** The model the adapter was trained on (a Hub id, or an embedded model's id). */
  baseModel: string;
  /** Factors keyed `<module path>.lora_A.weight` / `.lora_B.weight`, as the engine uses them. */
  factors: Params;
}

/** The PEFT files of an adapter. Borrows `factors`. */
export async function exportPeftAdapter(adapter: PeftAdapter): Promise<PeftAdapterFiles> {
  const { config, baseModel, factors } = adapter;
  const json = {
    peft_type: 'LORA',
    task_type: 'CAUSAL_LM',
    base_model_name_or_path: baseModel,
    revision: null,
    r: config.r,
    lora_alpha: config.alpha,
    lora_dropout: config.dropout,
    target_modules: [...config.targets],
    layers_to_transform: config.layers ? [...config.layers] : null,
    bias: 'none',
    fan_in_fan_out: false,
    use_rslora: config.rslora,
    use_dora: false,
    modules_to_save: null,
    rank_pattern: {},
    alpha_pattern: {},
    init_lora_weights: true,
    inference_mode: true,
  };
  const renamed = Object.fromEntries(Object.entries(factors).map(([name, array]) => [PEFT_PREFIX + name, array]));
  return {
    config: `${JSON.stringify(json, null, 2)}\n`,
    weights: await paramsToSafetensors(renamed, { format: 'pt' }),
  };
}

function fail(message: string): never {
  throw new Error(message);
}

/** Reads PEFT adapter files; every problem is one sentence naming the file. The caller owns the factors. */
export function importPeftAdapter(files: PeftAdapterFiles): PeftAdapter {
  let raw: unknown;
  try {
    raw = JSON.parse(files.config);
  } catch {
    fail(`${ADAPTER_CONFIG_FILE} is not valid JSON.`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    fail(`${ADAPTER_CONFIG_FILE} must hold a JSON object.`);
  const json = raw as Record<string, unknown>;
  if (json.peft_type !== 'LORA')
    fail(
      `${ADAPTER_CONFIG_FILE} has peft_type ${JSON.stringify(json.peft_type)}; only "LORA" adapters can be imported.`,
    );
  if (json.use_dora === true) fail('DoRA adapters (use_dora: true) are not supported.');
  if (json.bias !== undefined && json.bias !== 'none')
    fail(`Adapters that train biases (bias: ${JSON.stringify(json.bias)}) are not supported.`);
  for (const key of ['rank_pattern', 'alpha_pattern'] as const) {
    const pattern = json[key];
    if (pattern && typeof pattern === 'object' && Object.keys(pattern).length > 0)
      fail(`Per-module ${key} is not supported.`);
  }
  const config: LoraConfig = {
    r: json.r as number,
    alpha: (json.lora_alpha ?? 8) as number,
    dropout: (json.lora_dropout ?? 0) as number,
    targets: targetsOf(json.target_modules),
    rslora: json.use_rslora === true,
  };
  if (!Number.isInteger(config.r) || config.r < 1) fail(`${ADAPTER_CONFIG_FILE} has no valid rank r.`);
  const layers = json.layers_to_transform;
  if (typeof layers === 'number') config.layers = [layers];
  else if (Array.isArray(layers)) config.layers = layers as number[];
  const baseModel = typeof json.base_model_name_or_path === 'string' ? json.base_model_name_or_path : '';

  const names = readSafetensorsHeader(files.weights).entries.map((entry) => entry.name);
  const foreign = names.find((name) => !name.startsWith(PEFT_PREFIX) || !/\.lora_[AB]\.weight$/.test(name));
  if (foreign) fail(`${ADAPTER_WEIGHTS_FILE} holds ${foreign}, which is not a PEFT LoRA factor.`);
  const loaded = paramsFromSafetensors(files.weights);
  const factors = Object.fromEntries(
    Object.entries(loaded).map(([name, array]) => [name.slice(PEFT_PREFIX.length), array]),
  );
  for (const [name, array] of Object.entries(factors)) {
    const rankAxis = name.endsWith('.lora_A.weight') ? 0 : 1;
    if (array.shape.length !== 2 || array.shape[rankAxis] !== config.r) {
      fail(`${ADAPTER_WEIGHTS_FILE}: ${name} has shape [${array.shape}], which does not fit rank ${config.r}.`);
    }
  }
  return { config, baseModel, factors };
}

/** target_modules as a list of projections; "all-linear" means every one (lm_head is never adapted). */
function targetsOf(value: unknown): LoraTarget[] {
  if (value === 'all-linear') return [...LORA_TARGETS];
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length === 0) fail(`${ADAPTER_CONFIG_FILE} has no target_modules list.`);
  const unknown = list.filter((t) => !LORA_TARGETS.includes(t as LoraTarget));
  if (unknown.length)
    fail(`Target modules ${unknown.join(', ')} are not decoder projections (${LORA_TARGETS.join(', ')}).`);
  return list as LoraTarget[];
}
