import { useEffect, useState } from "react";

/**
 * How many of `total` items to render now: `first` at once, then `slice` more per task
 * (setTimeout 0, so the browser paints and answers input between slices) until all are. A
 * list of thousands opens with its first screenful drawn at once, and every item is in the
 * page, for the keyboard, find and screen readers, a moment later.
 */
export function useProgressive(total: number, first = 20, slice = 120): number {
  const [limit, setLimit] = useState(first);
  useEffect(() => {
    if (limit >= total) return;
    const t = setTimeout(() => setLimit((l) => l + slice), 0);
    return () => clearTimeout(t);
  }, [limit, total, slice]);
  return Math.min(limit, total);
}
