import type { ReactNode } from 'react';

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

/** The one progress bar of the app: a label on each side over a track filled to `fraction` (0–1), and any notes below. */
export function ProgressMeter({
  fraction,
  left,
  right,
  title,
  testId,
  children,
}: {
  fraction: number;
  left: ReactNode;
  right: ReactNode;
  title?: string;
  testId?: string;
  children?: ReactNode;
}) {
  return (
    <div className="progress" title={title} data-testid={testId}>
      <div className="progress-label">
        {left}
        <span>{right}</span>
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
      {children}
    </div>
  );
}

/** Bytes of one file downloaded so far. */
export function ProgressBar({ label, loaded, total }: { label: string; loaded: number; total: number }) {
  return (
    <ProgressMeter
      title={label}
      fraction={total > 0 ? Math.min(1, loaded / total) : 0}
      left={<span>{label}</span>}
      right={
        <>
          {formatBytes(loaded)} / {total > 0 ? formatBytes(total) : '?'}
        </>
      }
    />
  );
}
