// JSON from users: prototype keys refused wherever they hide, with the place named; invalid JSON
// and oversized files refused in one sentence before anything uses them.
import { describe, expect, it } from 'vitest';
import { checkImportSize, formatBytes } from './limits';
import { findForbiddenKey, parseJsonLinesSafely, parseJsonSafely } from './safe-json';

describe('parseJsonSafely', () => {
  it('parses ordinary JSON, words like "constructor" in values included', () => {
    expect(parseJsonSafely('{"a":[1,{"b":"the constructor of prototypes"}]}', 'data.json')).toEqual({
      a: [1, { b: 'the constructor of prototypes' }],
    });
    expect(parseJsonSafely(new TextEncoder().encode('\ufeff[1]'), 'bom.json')).toEqual([1]);
  });

  it('refuses __proto__, constructor and prototype keys, naming the key and where it is', () => {
    expect(() =>
      parseJsonSafely('[{"id":"1","conversations":[{"from":"human","__proto__":{"x":1}}]}]', 'llava.json'),
    ).toThrow(
      'llava.json holds the key "__proto__" (at [0].conversations[0].__proto__), which imports refuse because it could tamper with the app.',
    );
    // An escaped key is the same key once parsed.
    expect(() => parseJsonSafely('{"images":[{"\\u0063onstructor":{"prototype":1}}]}', 'coco.json')).toThrow(
      'coco.json holds the key "constructor" (at images[0].constructor)',
    );
    expect(() => parseJsonSafely('{"a b":{"prototype":{}}}', 'x.json')).toThrow('(at "a b".prototype)');
    expect(() => parseJsonLinesSafely('{"ok":1}\n\n{"__proto__":{}}\n', 'train.jsonl')).toThrow(
      'Line 3 of train.jsonl holds the key "__proto__" (at __proto__)',
    );
    expect(({} as Record<string, unknown>).x).toBeUndefined(); // nothing leaked into Object.prototype
    expect(
      findForbiddenKey(JSON.parse('{"deep":' + '['.repeat(10_000) + '{"__proto__":1}' + ']'.repeat(10_000) + '}'))?.key,
    ).toBe('__proto__');
  });

  it('says where invalid JSON breaks, in one sentence', () => {
    expect(() => parseJsonSafely('[\n  {"id": 1,}\n]', 'llava.json')).toThrow(
      /^llava\.json is not valid JSON at line 2, column \d+\.$/,
    );
    expect(() => parseJsonSafely(new Uint8Array([0x5b, 0xff, 0x5d]), 'bin.json')).toThrow(
      'bin.json is not UTF-8 text.',
    );
    expect(() => parseJsonLinesSafely('{"a":1}\n{"a":\n', 'train.jsonl')).toThrow(
      'Line 2 of train.jsonl is not valid JSON.',
    );
  });

  it('refuses a text over the limit before parsing it', () => {
    expect(() => parseJsonSafely('[' + '0,'.repeat(100) + '0]', 'big.json', { maxFileBytes: 100 })).toThrow(
      'big.json is 203 bytes, more than the 100 bytes one import can hold; split it into smaller files.',
    );
  });
});

describe('checkImportSize', () => {
  it('refuses a 500 MB file by its size alone, and lets a 200 MB one through', () => {
    expect(() => checkImportSize(500_000_000, 'llava_v1_5_mix665k.json')).toThrow(
      'llava_v1_5_mix665k.json is 500 MB, more than the 250 MB one import can hold; split it into smaller files.',
    );
    expect(() => checkImportSize(200_000_000, 'llava_instruct.json')).not.toThrow();
    expect([formatBytes(812), formatBytes(1_300_000), formatBytes(206_400_000)]).toEqual([
      '812 bytes',
      '1.3 MB',
      '206 MB',
    ]);
  });
});
