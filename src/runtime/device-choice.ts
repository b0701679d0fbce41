import type { Device, Dtype, DtypeChoice, ModelFile } from './types';

export interface DeviceCapabilities {
  environment: 'node' | 'browser';
  webgpu: boolean;
  shaderF16: boolean;
  /** The adapter renders in software (SwiftShader, or `isFallbackAdapter`): slower than wasm for these models. */
  softwareAdapter?: boolean;
}

interface AdapterLike {
  features: Set<string>;
  isFallbackAdapter?: boolean;
  info?: { vendor?: string; architecture?: string; device?: string; description?: string; isFallbackAdapter?: boolean };
}

/** Whether a WebGPU adapter is a software (CPU) one: the fallback adapter, or SwiftShader by its info. */
export function isSoftwareAdapter(adapter: AdapterLike): boolean {
  if (adapter.isFallbackAdapter || adapter.info?.isFallbackAdapter) return true;
  const info = adapter.info;
  const text = [info?.vendor, info?.architecture, info?.device, info?.description].join(' ').toLowerCase();
  return /swiftshader|llvmpipe|lavapipe|software|microsoft basic render/.test(text);
}

/** What this process can run on: a WebGPU adapter (and whether it has f16 shaders), else wasm / native CPU. */
export async function detectCapabilities(): Promise<DeviceCapabilities> {
  const isNode = typeof process !== 'undefined' && !!process.versions?.node && typeof navigator === 'undefined';
  if (isNode) return { environment: 'node', webgpu: false, shaderF16: false };
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<AdapterLike | null> } }).gpu;
  const adapter = gpu ? await gpu.requestAdapter().catch(() => null) : null;
  return {
    environment: 'browser',
    webgpu: !!adapter,
    shaderF16: !!adapter?.features.has('shader-f16'),
    softwareAdapter: !!adapter && isSoftwareAdapter(adapter),
  };
}

export function chooseDevice(caps: DeviceCapabilities, requested?: Device): { device: Device; reason: string } {
  if (caps.environment === 'node') return { device: 'cpu', reason: 'Node runs models on the native CPU runtime.' };
  if (requested === 'webgpu' && !caps.webgpu) {
    throw new Error('WebGPU is not available in this browser; choose wasm instead.');
  }
  if (requested) return { device: requested, reason: `You chose ${requested}.` };
  if (caps.webgpu && caps.softwareAdapter) {
    return {
      device: 'wasm',
      reason:
        'The only WebGPU adapter renders in software (SwiftShader, no GPU), which is slower than WebAssembly, so the model runs on wasm; choose webgpu to force it.',
    };
  }
  return caps.webgpu
    ? {
        device: 'webgpu',
        reason: caps.shaderF16
          ? 'A WebGPU adapter with f16 shaders was found.'
          : 'A WebGPU adapter was found (no f16 shaders, so no fp16 weights).',
      }
    : { device: 'wasm', reason: 'No WebGPU adapter was found, so the model runs on WebAssembly (CPU).' };
}

/**
 * Preferred dtypes per file, best first: the encoder and embeddings, then the decoder. Embedded
 * models are a few MB, so they load in full precision: at their size quantized weights save no
 * download worth having and decode slower (on wasm, unpacking MatMulNBits blocks costs more than the
 * memory it saves: README, decode speed).
 */
function preferences(
  device: Device,
  caps: DeviceCapabilities,
  embedded: boolean,
): { encoder: Dtype[]; decoder: Dtype[] } {
  if (embedded) return { encoder: ['fp32'], decoder: ['fp32'] };
  if (device === 'webgpu') {
    return caps.shaderF16
      ? { encoder: ['fp16', 'fp32'], decoder: ['q4f16', 'fp16', 'q4', 'fp32'] }
      : { encoder: ['fp32'], decoder: ['q4', 'fp32'] };
  }
  if (device === 'wasm') return { encoder: ['q8', 'fp32'], decoder: ['q4', 'q8', 'fp32'] };
  return { encoder: ['fp32'], decoder: ['fp32'] };
}

const needsF16: Dtype[] = ['fp16', 'q4f16'];

export function chooseDtypes(
  device: Device,
  caps: DeviceCapabilities,
  available: Dtype[],
  override: Partial<DtypeChoice> = {},
  embedded = false,
): DtypeChoice {
  const prefs = preferences(device, caps, embedded);
  const pick = (order: Dtype[]) => order.find((d) => available.includes(d)) ?? available[0];
  const choice: DtypeChoice = {
    vision_encoder: pick(prefs.encoder),
    embed_tokens: pick(prefs.encoder),
    decoder_model_merged: pick(prefs.decoder),
    ...override,
  };
  for (const [file, dtype] of Object.entries(choice) as [ModelFile, Dtype][]) {
    if (!available.includes(dtype))
      throw new Error(`This model has no ${dtype} weights for ${file}; choose one of ${available.join(', ')}.`);
    if (device === 'webgpu' && needsF16.includes(dtype) && !caps.shaderF16) {
      throw new Error(`This GPU has no f16 shaders, so ${dtype} cannot run on WebGPU; choose fp32 or q4.`);
    }
  }
  return choice;
}
