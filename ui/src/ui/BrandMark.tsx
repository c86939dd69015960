/**
 * The app's mark: five level bars drawn by CSS. Not an SVG icon on purpose: the sign-in
 * screen is what an idle app shows, and every SVG there kept WebKit's memory above the
 * 200 MB idle goal (scripts/bench-installed.sh).
 */
export function BrandMark({ size = "1em" }: { size?: string }) {
  return <span className="brand-mark" aria-hidden="true" style={{ fontSize: size }} />;
}
