import type { AppError } from "../api";

/** An error, announced to screen readers, near where it happened. */
export function ErrorMessage({ error }: { error: AppError | null | undefined }) {
  if (!error) return null;
  return (
    <p role="alert" className="error">
      {error.message}
    </p>
  );
}
