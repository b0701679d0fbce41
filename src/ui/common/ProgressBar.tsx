export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

export function ProgressBar({ label, loaded, total }: { label: string; loaded: number; total: number }) {
  const fraction = total > 0 ? Math.min(1, loaded / total) : 0;
  return (
    <div className="progress" title={label}>
      <div className="progress-label">
        <span>{label}</span>
        <span>
          {formatBytes(loaded)} / {total > 0 ? formatBytes(total) : '?'}
        </span>
      </div>
      <div
        className="progress-track"
        role="progressbar"
        aria-valuenow={Math.round(fraction * 100)}
        aria-valuemin={0}
        aria-valuemax={100}
      >
        <div className="progress-fill" style={{ width: `${fraction * 100}%` }} />
      </div>
    </div>
  );
}
