import type { KeyboardEvent } from "react";

/**
 * A row of tabs (WAI-ARIA tabs): the selected one is in the tab order, arrows move between
 * them. Panels are the caller's, with `id="panel-<key>"`.
 */
export function Tabs<K extends string>({
  label,
  tabs,
  selected,
  onSelect,
}: {
  label: string;
  tabs: [K, string][];
  selected: K;
  onSelect: (key: K) => void;
}) {
  function onKey(e: KeyboardEvent<HTMLDivElement>) {
    if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
    const at = tabs.findIndex(([k]) => k === selected);
    const next = tabs[(at + (e.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length][0];
    onSelect(next);
    e.currentTarget.querySelector<HTMLElement>(`#tab-${next}`)?.focus();
  }
  return (
    <div role="tablist" aria-label={label} className="tabs" onKeyDown={onKey}>
      {tabs.map(([k, text]) => (
        <button
          key={k}
          type="button"
          role="tab"
          id={`tab-${k}`}
          aria-selected={selected === k}
          aria-controls={`panel-${k}`}
          tabIndex={selected === k ? 0 : -1}
          className={selected === k ? "tab selected" : "tab"}
          onClick={() => onSelect(k)}
        >
          {text}
        </button>
      ))}
    </div>
  );
}
