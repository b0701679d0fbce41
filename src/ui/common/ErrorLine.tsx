/** A user-facing error: one sentence, announced to screen readers, dismissible. */
export function ErrorLine({ message, onDismiss }: { message?: string; onDismiss?: () => void }) {
  if (!message) return null;
  return (
    <div className="error-line" role="alert" data-testid="error">
      <span>{message}</span>
      {onDismiss && (
        <button className="link" onClick={onDismiss} aria-label="Dismiss">
          ×
        </button>
      )}
    </div>
  );
}
