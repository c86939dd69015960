// Display helpers: presentation only.

// One formatter for every date the app shows. `Date.toLocaleString` with options builds a
// new ICU formatter on each call, which WebKit frees only when its garbage collector runs:
// a version with 4,000 comments took 600 MB and 0.7 s to open that way
// (`scripts/bench-view.sh`). Made on first use: the sign-in screen shows no date, and
// ICU's date data costs the web process 3 MB.
let dateTime: Intl.DateTimeFormat | undefined;

export function formatTime(rfc3339: string | null | undefined): string {
  if (!rfc3339) return "—";
  const d = new Date(rfc3339);
  if (Number.isNaN(d.getTime())) return rfc3339;
  dateTime ??= new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
  return dateTime.format(d);
}

let day: Intl.DateTimeFormat | undefined;

/** A calendar day written YYYY-MM-DD (a rehearsal's), as "Sat, 14 Mar 2026": no time zone moves it. */
export function formatDay(ymd: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  if (!m) return ymd;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  day ??= new Intl.DateTimeFormat(undefined, { weekday: "short", day: "numeric", month: "short", year: "numeric" });
  return day.format(d);
}

/** Milliseconds as m:ss (or h:mm:ss). */
export function formatDuration(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms) || ms < 0) return "—";
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/** Milliseconds as m:ss.t, for a playhead shown finer than a second. */
export function formatPrecise(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms) || ms < 0) return "—";
  const tenths = Math.floor((ms % 1000) / 100);
  return `${formatDuration(ms)}.${tenths}`;
}
