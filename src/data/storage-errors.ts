/** One sentence for a failed write; nothing already stored is touched by a failed write. */
export function describeStorageError(error: unknown, what: string): string {
  const name = (error as { name?: string; inner?: { name?: string } })?.name;
  const inner = (error as { inner?: { name?: string } })?.inner?.name;
  if (name === 'QuotaExceededError' || inner === 'QuotaExceededError') {
    return `Storage is full, so ${what} was not saved; free space by deleting images or cached models (everything already saved is kept).`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return `Saving ${what} failed: ${message.split('\n')[0]}`;
}

export interface StorageUsage {
  usedBytes: number;
  quotaBytes: number;
}

export async function storageUsage(): Promise<StorageUsage | null> {
  if (typeof navigator === 'undefined' || !navigator.storage?.estimate) return null;
  const { usage = 0, quota = 0 } = await navigator.storage.estimate();
  return { usedBytes: usage, quotaBytes: quota };
}
