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

/**
 * A table's placeholder row while it loads: one line of text's height in every cell, so the
 * row that replaces it (a band has at least one member: you) moves nothing below the table.
 */
export function SkeletonRow({ columns, label }: { columns: number; label: string }) {
  return (
    <tr role="status" aria-busy="true" aria-label={label}>
      {Array.from({ length: columns }, (_, i) => (
        <td key={i}>
          <span className="skeleton skeleton-text">&nbsp;</span>
        </td>
      ))}
    </tr>
  );
}
