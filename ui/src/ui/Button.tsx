import type { ButtonHTMLAttributes, ReactNode } from "react";

export type Variant = "primary" | "secondary" | "ghost" | "danger";

/**
 * A button: visible text, an optional icon before it. An icon-only button (`label` set, no
 * children) carries its name in `aria-label` and a tooltip, so it is never nameless.
 */
export function Button({
  variant = "secondary",
  icon,
  label,
  className,
  children,
  type = "button",
  ...rest
}: ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: Variant;
  icon?: ReactNode;
  /** The accessible name of an icon-only button. */
  label?: string;
}) {
  const iconOnly = children == null;
  const classes = ["btn", `btn-${variant}`, iconOnly ? "btn-icon" : "", className ?? ""].filter(Boolean).join(" ");
  return (
    <button type={type} className={classes} aria-label={iconOnly ? label : undefined} title={iconOnly ? label : undefined} {...rest}>
      {icon && (
        <span className="btn-glyph" aria-hidden="true">
          {icon}
        </span>
      )}
      {children}
    </button>
  );
}
