import { useEffect, useRef, type ReactNode } from "react";

/**
 * A modal dialog: named by its title, focus moved into it and given back on close, Escape
 * closes it. Clicking the backdrop closes it too, unless `sticky` (a token shown once must
 * not vanish by a stray click).
 */
export function Dialog({
  title,
  onClose,
  sticky,
  children,
  wide,
}: {
  title: string;
  onClose: () => void;
  sticky?: boolean;
  wide?: boolean;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    const first = ref.current?.querySelector<HTMLElement>("input, button, textarea, select, [tabindex]");
    (first ?? ref.current)?.focus();
    return () => before?.focus?.();
  }, []);
  return (
    <div className="dialog-backdrop" onMouseDown={(e) => !sticky && e.target === e.currentTarget && onClose()}>
      <div
        ref={ref}
        role="dialog"
        aria-modal="true"
        aria-labelledby="dialog-title"
        className={wide ? "dialog dialog-wide" : "dialog"}
        tabIndex={-1}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.stopPropagation();
            onClose();
          }
        }}
      >
        <h2 id="dialog-title">{title}</h2>
        {children}
      </div>
    </div>
  );
}
