// A waveform overview drawn from the stored min/max peaks. The played share is drawn in
// the accent colour. Clicking it seeks (`onSeek` gets 0..1); the seek bar beside it is the
// keyboard way to do the same, so this one stays out of the accessibility tree.
import type { Waveform as Peaks } from "../bindings";

interface Props {
  peaks: Peaks | null | undefined;
  /** Played share, 0..1. */
  progress?: number;
  bars?: number;
  height?: number;
  onSeek?: (fraction: number) => void;
  testId?: string;
}

function path(peaks: Peaks, bars: number, height: number): string {
  const n = peaks.min.length;
  if (n === 0) return "";
  const mid = height / 2;
  const parts: string[] = [];
  for (let i = 0; i < bars; i++) {
    const from = Math.floor((i * n) / bars);
    const to = Math.max(from + 1, Math.floor(((i + 1) * n) / bars));
    let lo = 127;
    let hi = -127;
    for (let j = from; j < to && j < n; j++) {
      lo = Math.min(lo, peaks.min[j]);
      hi = Math.max(hi, peaks.max[j]);
    }
    const top = mid - (Math.max(hi, 1) / 127) * mid;
    const bottom = mid - (Math.min(lo, -1) / 127) * mid;
    parts.push(`M${i + 0.5} ${top.toFixed(1)}V${bottom.toFixed(1)}`);
  }
  return parts.join("");
}

export function Waveform({ peaks, progress = 0, bars = 200, height = 40, onSeek, testId }: Props) {
  if (!peaks || peaks.min.length === 0) {
    return <div className="waveform waveform-empty" style={{ height }} data-testid={testId} aria-hidden="true" />;
  }
  const d = path(peaks, bars, height);
  const played = Math.max(0, Math.min(1, progress)) * bars;
  return (
    <svg
      className={onSeek ? "waveform seekable" : "waveform"}
      viewBox={`0 0 ${bars} ${height}`}
      preserveAspectRatio="none"
      height={height}
      data-testid={testId}
      data-progress={progress.toFixed(3)}
      aria-hidden="true"
      onClick={
        onSeek
          ? (e) => {
              const r = e.currentTarget.getBoundingClientRect();
              if (r.width > 0) onSeek(Math.max(0, Math.min(1, (e.clientX - r.left) / r.width)));
            }
          : undefined
      }
    >
      <path d={d} className="wave-rest" vectorEffect="non-scaling-stroke" />
      {played > 0 && (
        <>
          <clipPath id={`played-${testId ?? "w"}`}>
            <rect x="0" y="0" width={played} height={height} />
          </clipPath>
          <path d={d} className="wave-played" clipPath={`url(#played-${testId ?? "w"})`} vectorEffect="non-scaling-stroke" />
        </>
      )}
    </svg>
  );
}
