// Whether a version view is on screen. One waveform per screen: while a version is open its
// view draws the waveform, and the player bar shows a thin progress line instead.
import { useEffect, useSyncExternalStore } from "react";

let open = 0;
const listeners = new Set<() => void>();
const tell = () => listeners.forEach((l) => l());

/** Marks a version view as on screen while the calling component is mounted. */
export function useVersionViewOnScreen() {
  useEffect(() => {
    open += 1;
    tell();
    return () => {
      open -= 1;
      tell();
    };
  }, []);
}

export function useVersionViewOpen(): boolean {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => open > 0,
  );
}
