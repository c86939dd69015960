import type { ReactNode } from "react";

export type Tone = "neutral" | "accent" | "ok" | "warn" | "danger";

/** A small rounded label: a role, a state, a count. */
export function Chip({ tone = "neutral", children, ...rest }: { tone?: Tone; children: ReactNode } & Record<`data-${string}`, string>) {
  return (
    <span className={`chip chip-${tone}`} {...rest}>
      {children}
    </span>
  );
}
