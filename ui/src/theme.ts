// The colour theme: the system's preference unless the user chose one in Settings. The
// choice is this computer's (localStorage), applied as <html data-theme> before the first
// paint so nothing flashes from one theme to the other.
import { useSyncExternalStore } from "react";

export type ThemeChoice = "system" | "light" | "dark";

const KEY = "rh.theme";
const listeners = new Set<() => void>();
const dark = () => window.matchMedia?.("(prefers-color-scheme: dark)");

export function themeChoice(): ThemeChoice {
  let saved: string | null = null;
  try {
    saved = localStorage.getItem(KEY);
  } catch {
    // Storage refused (a locked-down WebView): the system decides.
  }
  return saved === "light" || saved === "dark" ? saved : "system";
}

/** Sets `data-theme` on <html> from the choice and the system's preference. */
export function applyTheme() {
  const choice = themeChoice();
  const resolved = choice === "system" ? (dark()?.matches ? "dark" : "light") : choice;
  document.documentElement.dataset.theme = resolved;
}

export function setThemeChoice(choice: ThemeChoice) {
  try {
    if (choice === "system") localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, choice);
  } catch {
    // Not saved; applied for this run all the same.
  }
  applyTheme();
  listeners.forEach((l) => l());
}

/** Applies the theme now and whenever the system's preference changes. */
export function startTheme() {
  applyTheme();
  dark()?.addEventListener?.("change", applyTheme);
}

export function useThemeChoice(): ThemeChoice {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    themeChoice,
  );
}
