import { describe, expect, it } from 'vitest';
import { adapterLabel, resultLabel } from './result-labels';

const sha = 'ab'.repeat(32);

describe('result labels', () => {
  it('name an adapter by its name and short content hash, and no adapter as base', () => {
    expect(adapterLabel({ adapter: { name: 'round 1', sha256: sha }, dtype: 'fp32' })).toBe('round 1 · abababab');
    expect(adapterLabel({ adapter: null, dtype: 'fp32', device: 'wasm' })).toBe('base');
  });

  it('call the adapter of a record from before adapters were named unknown, and do not throw on odd shapes', () => {
    expect(adapterLabel({ adapter: null })).toBe('unknown adapter'); // the old shape: no dtype, adapter always null
    expect(adapterLabel({ adapter: 'some/dir' as never })).toBe('unknown adapter');
    expect(adapterLabel({})).toBe('unknown adapter');
    expect(adapterLabel(undefined)).toBe('unknown adapter');
    expect(adapterLabel({ adapter: { sha256: sha } as never, dtype: 'fp32' })).toBe('unknown adapter · abababab');
  });

  it('put model, adapter, dtype, device, n and seed in one line', () => {
    const createdAt = Date.UTC(2026, 0, 2);
    const when = new Date(createdAt).toLocaleString();
    expect(
      resultLabel({
        createdAt,
        device: 'wasm',
        summary: {
          model: 'shapes-vlm',
          adapter: { name: 'a', sha256: sha },
          dtype: 'fp32',
          device: 'webgpu',
          n: 6,
          seed: 1234,
        },
      }),
    ).toBe(`${when} · shapes-vlm · a · abababab · fp32 · webgpu · n 6 · seed 1234`);
    // An old record: the device is the record's, dtype unknown.
    expect(
      resultLabel({ createdAt, device: 'wasm', summary: { model: 'shapes-vlm', adapter: null, n: 20, seed: 1 } }),
    ).toBe(`${when} · shapes-vlm · unknown adapter · ? · wasm · n 20 · seed 1`);
  });
});
