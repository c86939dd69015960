import { ErrorMessage } from "../components/ErrorMessage";
import { Waveform } from "../components/Waveform";
import { formatDuration } from "../format";
import { usePeaks, useShortcut } from "../hooks";
import { usePlayer } from "./PlayerContext";

const SEEK_STEP_MS = 5000;
/** Inputs a key press does not type into: Space plays or pauses on them too. */
const NOT_TYPED_IN = ["range", "checkbox", "radio", "button", "submit"];
/** The same but the slider, whose arrows move it. */
const NOT_TYPED_IN_BUT_SLIDER = NOT_TYPED_IN.filter((t) => t !== "range");

/** The bar at the bottom: the loaded version, play/pause, position, seek, volume. */
export function PlayerBar() {
  const p = usePlayer();
  const { state } = p;
  const peaks = usePeaks(state.track?.version_id);
  const duration = state.duration_ms ?? 0;
  const progress = duration > 0 ? state.position_ms / duration : 0;

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

  return (
    <section className="player-bar" aria-label="Player" data-testid="player-bar" data-status={state.status}>
      {state.problem && (
        <p role="alert" className="error" data-testid="player-problem">
          {state.problem}
        </p>
      )}
      <ErrorMessage error={p.error} />
      {p.downloading != null && (
        <p className="player-row" data-testid="download-progress">
          <label htmlFor="download">Downloading the recording</label>{" "}
          <progress id="download" max={1} value={p.downloading} /> {Math.round(p.downloading * 100)}%
        </p>
      )}
      {state.track ? (
        <>
          <div className="player-row">
            <button type="button" onClick={() => void p.toggle()} data-testid="player-toggle">
              {state.status === "playing" ? "Pause" : "Play"}
            </button>
            <button type="button" onClick={() => void p.stop()} disabled={state.status === "stopped"}>
              Stop
            </button>
            <span className="player-title">{p.title ?? "Version"}</span>
            <span data-testid="player-position" className="player-time">
              {formatDuration(state.position_ms)} / {formatDuration(state.duration_ms)}
            </span>
          </div>
          <Waveform
            peaks={peaks.data}
            progress={progress}
            bars={400}
            height={56}
            testId="player-waveform"
            onSeek={duration > 0 ? (f) => void p.seek(f * duration) : undefined}
          />
          <div className="player-row">
            <label htmlFor="player-seek">Seek</label>
            <input
              id="player-seek"
              type="range"
              min={0}
              max={Math.max(duration, 1)}
              step={1000}
              value={Math.min(state.position_ms, Math.max(duration, 1))}
              onChange={(e) => void p.seek(Number(e.target.value))}
            />
            <label htmlFor="player-volume">Volume</label>
            <input
              id="player-volume"
              type="range"
              min={0}
              max={100}
              step={1}
              value={Math.round(state.volume * 100)}
              onChange={(e) => void p.setVolume(Number(e.target.value) / 100)}
            />
          </div>
        </>
      ) : (
        <p className="muted">Nothing is playing. Choose a version to hear it.</p>
      )}
    </section>
  );
}
