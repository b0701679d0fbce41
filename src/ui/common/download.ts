/** Saves a blob as a file through the browser's download. */
export function downloadBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  Object.assign(document.createElement('a'), { href: url, download: name }).click();
  // Revoked later: revoking at once can cancel a download that has not started reading yet.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
