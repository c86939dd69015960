import { useEffect, useState } from "react";

/**
 * How many of `total` items to render now: `first` at once, then twice as many after each
 * painted frame until all are. A list of thousands opens with its first screenful painted at
 * once, and every item is in the page (for the keyboard, find and screen readers) a few
 * frames later. Doubling keeps the number of commits, and so of layouts of the whole list,
 * to a handful (7 for 1,000 items from 10); the items must be memoized so a commit renders
 * only the new ones. The next slice waits for a frame, so the first one is on screen before
 * the page does more work.
 */
export function useProgressive(total: number, first = 10): number {
  const [limit, setLimit] = useState(first);
  useEffect(() => {
    if (limit >= total) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setLimit((l) => l * 2), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [limit, total]);
  return Math.min(limit, total);
}
