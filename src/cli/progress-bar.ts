/** A one-line progress bar on stderr, redrawn in place on a terminal and printed sparsely otherwise. */
export function progressBar(label: string) {
  const started = Date.now();
  let lastPrinted = -1;
  return (done: number, total: number) => {
    const fraction = total > 0 ? done / total : 1;
    const elapsed = (Date.now() - started) / 1000;
    const eta = done > 0 ? (elapsed / done) * (total - done) : 0;
    const width = 30;
    const filled = Math.round(fraction * width);
    const line = `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${elapsed.toFixed(0)}s elapsed, ETA ${eta.toFixed(0)}s`;
    if (process.stderr.isTTY) {
      process.stderr.write(`\r${line}${done === total ? '\n' : ''}`);
    } else {
      const decile = Math.floor(fraction * 10);
      if (decile !== lastPrinted || done === total) process.stderr.write(`${line}\n`);
      lastPrinted = decile;
    }
  };
}
