import { describe, expect, it } from 'vitest';
import { chooseDevice, chooseDtypes, isSoftwareAdapter } from './device-choice';

const gpu = { environment: 'browser' as const, webgpu: true, shaderF16: false };
const gpuF16 = { ...gpu, shaderF16: true };
const noGpu = { environment: 'browser' as const, webgpu: false, shaderF16: false };
const all = ['fp32', 'fp16', 'q8', 'q4', 'q4f16'] as const;

describe('device and dtype choice', () => {
  it('prefers WebGPU when an adapter exists, else wasm, and says why', () => {
    expect(chooseDevice(gpu).device).toBe('webgpu');
    expect(chooseDevice(noGpu)).toMatchObject({ device: 'wasm', reason: expect.stringMatching(/No WebGPU adapter/) });
    expect(chooseDevice(gpu, 'wasm').device).toBe('wasm');
    expect(() => chooseDevice(noGpu, 'webgpu')).toThrow(/WebGPU is not available/);
  });

  it('prefers wasm over a software (SwiftShader / fallback) WebGPU adapter, says why, and still lets the user force WebGPU', () => {
    const software = { ...gpu, softwareAdapter: true };
    expect(chooseDevice(software)).toEqual({
      device: 'wasm',
      reason: expect.stringMatching(
        /renders in software \(SwiftShader.*slower than WebAssembly.*choose webgpu to force it/,
      ),
    });
    expect(chooseDevice(software, 'webgpu')).toEqual({ device: 'webgpu', reason: 'You chose webgpu.' });
    const features = new Set<string>();
    expect(
      isSoftwareAdapter({ features, info: { vendor: 'google', architecture: 'swiftshader', description: '' } }),
    ).toBe(true);
    expect(
      isSoftwareAdapter({ features, info: { vendor: 'Google', description: 'SwiftShader Device (Subzero)' } }),
    ).toBe(true);
    expect(isSoftwareAdapter({ features, isFallbackAdapter: true })).toBe(true);
    expect(isSoftwareAdapter({ features, info: { isFallbackAdapter: true } })).toBe(true);
    expect(isSoftwareAdapter({ features, info: { vendor: 'nvidia', architecture: 'hopper', description: '' } })).toBe(
      false,
    );
  });

  it('picks dtypes from what the device can do', () => {
    expect(chooseDtypes('webgpu', gpuF16, [...all])).toEqual({
      vision_encoder: 'fp16',
      embed_tokens: 'fp16',
      decoder_model_merged: 'q4f16',
    });
    expect(chooseDtypes('webgpu', gpu, [...all])).toEqual({
      vision_encoder: 'fp32',
      embed_tokens: 'fp32',
      decoder_model_merged: 'q4',
    });
    expect(chooseDtypes('wasm', noGpu, [...all])).toEqual({
      vision_encoder: 'q8',
      embed_tokens: 'q8',
      decoder_model_merged: 'q4',
    });
    expect(chooseDtypes('wasm', noGpu, ['fp32'])).toEqual({
      vision_encoder: 'fp32',
      embed_tokens: 'fp32',
      decoder_model_merged: 'fp32',
    });
  });

  it('loads embedded models in full precision on every device, unless told otherwise', () => {
    const fp32 = { vision_encoder: 'fp32', embed_tokens: 'fp32', decoder_model_merged: 'fp32' };
    expect(chooseDtypes('wasm', noGpu, ['fp32', 'q8', 'q4'], {}, true)).toEqual(fp32);
    expect(chooseDtypes('webgpu', gpuF16, ['fp32', 'q8', 'q4'], {}, true)).toEqual(fp32);
    expect(
      chooseDtypes('wasm', noGpu, ['fp32', 'q8', 'q4'], { decoder_model_merged: 'q4' }, true).decoder_model_merged,
    ).toBe('q4');
  });

  it('honours overrides but refuses what cannot run', () => {
    expect(chooseDtypes('wasm', noGpu, [...all], { decoder_model_merged: 'fp32' }).decoder_model_merged).toBe('fp32');
    expect(() => chooseDtypes('webgpu', gpu, [...all], { decoder_model_merged: 'q4f16' })).toThrow(/no f16 shaders/);
    expect(() => chooseDtypes('wasm', noGpu, ['fp32', 'q8'], { decoder_model_merged: 'q4' })).toThrow(/no q4 weights/);
  });
});
