import { Pause, Play, Square } from "lucide-react";
import type { AppError } from "../api";
import type { Status, VersionId } from "../bindings";
import { ErrorMessage } from "../components/ErrorMessage";
import { Waveform } from "../components/Waveform";
import { formatDuration } from "../format";
import { usePeaks, useShortcut } from "../hooks";
import { Button } from "../ui/Button";
import { usePlayer, type Player } from "./PlayerContext";
import { useVersionViewOpen } from "./viewing";

const SEEK_STEP_MS = 5000;
/** Inputs a key press does not type into: Space plays or pauses on them too. */
const NOT_TYPED_IN = ["range", "checkbox", "radio", "button", "submit"];
/** The same but the slider, whose arrows move it. */
const NOT_TYPED_IN_BUT_SLIDER = NOT_TYPED_IN.filter((t) => t !== "range");

/** The bar at the bottom: the loaded version, play/pause, position, seek, volume. */
export function PlayerBar() {
  const p = usePlayer();
  const { state } = p;
  const duration = state.duration_ms ?? 0;
  const viewOpen = useVersionViewOpen();
  usePlayerShortcuts(p);

  return (
    <section className="player-bar" aria-label="Player" data-testid="player-bar" data-status={state.status}>
      <PlayerNotices problem={state.problem} error={p.error} downloading={p.downloading} />
      {state.track ? (
        <>
          <TransportRow
            status={state.status}
            title={p.title}
            positionMs={state.position_ms}
            durationMs={state.duration_ms}
            onToggle={() => void p.toggle()}
            onStop={() => void p.stop()}
          >
            <SeekVolume
              positionMs={state.position_ms}
              duration={duration}
              volume={state.volume}
              onSeek={(ms) => void p.seek(ms)}
              onVolume={(v) => void p.setVolume(v)}
            />
          </TransportRow>
          {viewOpen ? (
            <div className="thin-progress" data-testid="player-progress" aria-hidden="true">
              <div style={{ width: `${duration > 0 ? Math.min(100, (state.position_ms / duration) * 100) : 0}%` }} />
            </div>
          ) : (
            <PlayerWaveform
              versionId={state.track.version_id}
              positionMs={state.position_ms}
              duration={duration}
              onSeek={(ms) => void p.seek(ms)}
            />
          )}
        </>
      ) : (
        <p className="muted">Nothing is playing. Choose a version to hear it.</p>
      )}
    </section>
  );
}

/** Space plays or pauses the loaded version; the arrows seek it back and forth while it is not stopped. */
function usePlayerShortcuts(p: Player) {
  const { state } = p;
  useShortcut(
    ["Space"],
    () => {
      if (!state.track) return false;
      void p.toggle();
    },
    NOT_TYPED_IN,
  );
  useShortcut(
    ["ArrowLeft", "ArrowRight"],
    (e) => {
      if (!state.track || state.status === "stopped") return false;
      void p.seek(state.position_ms + (e.key === "ArrowLeft" ? -SEEK_STEP_MS : SEEK_STEP_MS));
    },
    NOT_TYPED_IN_BUT_SLIDER,
  );
}

/** Why playback failed, what a request to the player failed with, and how far a download is. */
function PlayerNotices({
  problem,
  error,
  downloading,
}: {
  problem: string | null;
  error: AppError | null;
  downloading: number | null;
}) {
  return (
    <>
      {problem && (
        <p role="alert" className="error" data-testid="player-problem">
          {problem}
        </p>
      )}
      <ErrorMessage error={error} />
      {downloading != null && (
        <p className="player-row" data-testid="download-progress">
          <label htmlFor="download">Downloading the recording</label>{" "}
          <progress id="download" max={1} value={downloading} /> {Math.round(downloading * 100)}%
        </p>
      )}
    </>
  );
}

/** Play/pause and stop, with what is loaded and where playback is in it, then `children`. */
function TransportRow({
  status,
  title,
  positionMs,
  durationMs,
  onToggle,
  onStop,
  children,
}: {
  status: Status;
  title: string | null;
  positionMs: number;
  durationMs: number | null;
  onToggle: () => void;
  onStop: () => void;
  children: React.ReactNode;
}) {
  return (
    <div className="player-row">
      <Button
        variant="primary"
        icon={status === "playing" ? <Pause /> : <Play />}
        onClick={onToggle}
        data-testid="player-toggle"
        aria-keyshortcuts="Space"
      >
        {status === "playing" ? "Pause" : "Play"}
      </Button>
      <Button icon={<Square />} onClick={onStop} disabled={status === "stopped"}>
        Stop
      </Button>
      <span className="player-title truncate" title={title ?? undefined}>
        {title ?? "Version"}
      </span>
      <span data-testid="player-position" className="player-time">
        {formatDuration(positionMs)} / {formatDuration(durationMs)}
      </span>
      {children}
    </div>
  );
}

/** The loaded version's waveform, filled up to the position; a click seeks once the length is known. */
function PlayerWaveform({
  versionId,
  positionMs,
  duration,
  onSeek,
}: {
  versionId: VersionId;
  positionMs: number;
  /** Length in ms, 0 while unknown. */
  duration: number;
  onSeek: (ms: number) => void;
}) {
  const peaks = usePeaks(versionId);
  const progress = duration > 0 ? positionMs / duration : 0;
  return (
    <Waveform
      peaks={peaks.data}
      progress={progress}
      bars={400}
      height={56}
      testId="player-waveform"
      onSeek={duration > 0 ? (f) => onSeek(f * duration) : undefined}
    />
  );
}

/** The seek slider (whole seconds) and the volume slider (percent). */
function SeekVolume({
  positionMs,
  duration,
  volume,
  onSeek,
  onVolume,
}: {
  positionMs: number;
  /** Length in ms, 0 while unknown. */
  duration: number;
  /** 0 to 1. */
  volume: number;
  onSeek: (ms: number) => void;
  onVolume: (v: number) => void;
}) {
  const max = Math.max(duration, 1);
  return (
    <span className="seek-volume">
      <label htmlFor="player-seek">Seek</label>
      <input
        id="player-seek"
        type="range"
        min={0}
        max={max}
        step={1000}
        value={Math.min(positionMs, max)}
        onChange={(e) => onSeek(Number(e.target.value))}
      />
      <label htmlFor="player-volume">Volume</label>
      <input
        id="player-volume"
        type="range"
        min={0}
        max={100}
        step={1}
        value={Math.round(volume * 100)}
        onChange={(e) => onVolume(Number(e.target.value) / 100)}
      />
    </span>
  );
}
