import type { AppError } from "./api";
import { ErrorMessage } from "./components/ErrorMessage";

/** Above every screen: the keychain notice until dismissed, and why starting failed. */
export function StartBanner({
  notice,
  onDismiss,
  error,
  onRetry,
}: {
  notice: string | null;
  onDismiss: () => void;
  error: AppError | null;
  onRetry: () => void;
}) {
  return (
    <>
      {notice && (
        <div role="status" className="notice">
          {notice}{" "}
          <button type="button" onClick={onDismiss}>
            Dismiss
          </button>
        </div>
      )}
      <ErrorMessage error={error} onRetry={onRetry} />
    </>
  );
}
