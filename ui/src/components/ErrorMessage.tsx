import type { AppError } from "../api";

/**
 * An error, announced to screen readers, near where it happened. With `onRetry`, a failure
 * that trying again can cure (a server that did not answer) offers a "Try again" button.
 */
export function ErrorMessage({ error, onRetry }: { error: AppError | null | undefined; onRetry?: () => void }) {
  if (!error) return null;
  const retry = onRetry && (error.code === "internal" || error.code === "rate_limited");
  return (
    <div role="alert" className="error">
      <p>{error.message}</p>
      {retry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
