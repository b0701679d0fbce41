import { describe, expect, it } from 'vitest';
import { adapterName } from './adapter-name';

describe('adapterName', () => {
  const createdAt = new Date(2026, 11, 3, 9, 5).getTime();

  it('names the methods, the pairs, the steps, the loss and the time of the run', () => {
    expect(adapterName({ methods: ['sima', 'csr', 'sima'], pairs: 40, steps: 20, loss: 'sigmoid', createdAt })).toBe(
      'CSR + SIMA · 40 pairs · 20 steps · sigmoid · 2026-12-03 09:05',
    );
  });

  it('tells apart two runs that differ only in their pairs or steps', () => {
    const a = adapterName({ methods: ['fisao'], pairs: 1, steps: 8, loss: 'ipo', createdAt });
    const b = adapterName({ methods: ['fisao'], pairs: 1, steps: 16, loss: 'ipo', createdAt });
    expect(a).toBe('FiSAO · 1 pair · 8 steps · ipo · 2026-12-03 09:05');
    expect(a).not.toBe(b);
  });
});
