import type { AppError } from "./api";
import { ErrorMessage } from "./components/ErrorMessage";
import { Button } from "./ui/Button";

/**
 * Above every screen: the keychain notice until dismissed (once per computer; Settings
 * keeps it afterwards), and why starting failed.
 */
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
          <p>{notice} It stays listed in Settings.</p>
          <Button variant="ghost" onClick={onDismiss}>
            Dismiss
          </Button>
        </div>
      )}
      <ErrorMessage error={error} onRetry={onRetry} />
    </>
  );
}
