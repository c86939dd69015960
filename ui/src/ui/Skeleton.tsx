/**
 * Placeholders of the final size while a list loads, so nothing below moves when it arrives.
 * `rows` lines of `height` (CSS length) each.
 */
export function Skeleton({ rows = 3, height = "2.75rem", label = "Loading…" }: { rows?: number; height?: string; label?: string }) {
  return (
    <div className="skeleton-list" aria-busy="true" role="status" aria-label={label}>
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="skeleton" style={{ height }} />
      ))}
    </div>
  );
}
