// Small hooks more than one screen uses: a version's waveform peaks, the signed-in user and
// a keyboard shortcut.
import { useCallback, useEffect, useEffectEvent, useLayoutEffect, useRef } from "react";
import { useQuery } from "@tanstack/react-query";
import { call, type AppError } from "./api";
import type { Commands, VersionId } from "./bindings";

/**
 * A version's waveform peaks (none while `versionId` is unknown). A recording never changes,
 * so neither do its peaks: they are never stale, and every view of a version shares them.
 */
export function usePeaks(versionId: VersionId | null | undefined) {
  return useQuery<Commands["version_peaks"]["result"], AppError>({
    queryKey: ["peaks", versionId],
    queryFn: () => call("version_peaks", { version_id: versionId! }),
    enabled: versionId != null,
    staleTime: Infinity,
  });
}

/** The signed-in user. */
export function useMe() {
  return useQuery<Commands["me"]["result"], AppError>({ queryKey: ["me"], queryFn: () => call("me", {}) });
}

/**
 * Whether a key pressed on `target` goes into a field: a text area, a select, an editable
 * element, or an input other than those of the types in `alsoOn`.
 */
function typingIn(target: EventTarget | null, alsoOn: readonly string[]): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !alsoOn.includes(target.type);
  return false;
}

/**
 * Calls `run` when one of `keys` (a `KeyboardEvent.key`, such as "c" or "ArrowLeft", or a
 * `KeyboardEvent.code`, such as "Space") is pressed anywhere in the window with no Ctrl, ⌘
 * or Alt, unless it goes into a field the user is typing in. An input of one of the types
 * in `alsoOn` does not count as such a field (a slider does not take a space). Unless `run`
 * returns `false` (it did nothing with the key), the key's default action is prevented.
 */
export function useShortcut(
  keys: readonly string[],
  run: (e: KeyboardEvent) => boolean | void,
  alsoOn: readonly string[] = [],
) {
  const onKey = useEffectEvent((e: KeyboardEvent) => {
    if (e.ctrlKey || e.metaKey || e.altKey || typingIn(e.target, alsoOn)) return;
    if (!keys.includes(e.key) && !keys.includes(e.code)) return;
    if (run(e) !== false) e.preventDefault();
  });
  useEffect(() => {
    const listener = (e: KeyboardEvent) => onKey(e);
    window.addEventListener("keydown", listener);
    return () => window.removeEventListener("keydown", listener);
  }, []);
}

/**
 * A function that never changes identity and always runs the latest `f`: what a memoized
 * child (one of a thousand comments) is given, so a parent's re-render does not re-render it.
 */
export function useLatest<A extends unknown[], R>(f: (...args: A) => R): (...args: A) => R {
  const ref = useRef(f);
  useLayoutEffect(() => {
    ref.current = f;
  });
  return useCallback((...args: A) => ref.current(...args), []);
}
