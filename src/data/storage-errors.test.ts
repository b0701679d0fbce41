import { describe, expect, it } from 'vitest';
import { describeStorageError } from './storage-errors';

describe('describeStorageError', () => {
  it('says storage is full, and that nothing saved was lost, for a quota error (also wrapped by Dexie)', () => {
    const quota = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    expect(describeStorageError(quota, '"cat.png"')).toBe(
      'Storage is full, so "cat.png" was not saved; free space by deleting images or cached models (everything already saved is kept).',
    );
    const wrapped = Object.assign(new Error('AbortError'), { name: 'AbortError', inner: quota });
    expect(describeStorageError(wrapped, 'this run')).toMatch(/^Storage is full, so this run was not saved/);
  });

  it('names other failures in one line', () => {
    expect(describeStorageError(new Error('disk on fire\nstack…'), 'this run')).toBe(
      'Saving this run failed: disk on fire',
    );
  });
});
