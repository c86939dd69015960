// One version, opened: a large waveform with the comments pinned on it, the player's
// position, "Comment at m:ss" (or C) to write one at the playhead or over the range dragged
// on the waveform, and the comments in time order beside it (wide windows) or below it. The
// waveform stays in view while the comments scroll. Rules are Rust's.
import { ArrowLeft, MessageSquarePlus, Pause, Play, X } from "lucide-react";
import { useRef, useState, type FormEvent } from "react";
import { useAction } from "../action";
import { call } from "../api";
import type { Band, CommentTag, VersionId } from "../bindings";
import { CommentList } from "../components/CommentList";
import { CommentWaveform, type Range } from "../components/CommentWaveform";
import { ErrorMessage } from "../components/ErrorMessage";
import { InlineRename } from "../components/InlineRename";
import { formatDuration, formatPrecise } from "../format";
import { useLatest, useMe, usePeaks, useShortcut } from "../hooks";
import { useCommand } from "../live";
import { usePlayer } from "../player/PlayerContext";
import { useVersionViewOnScreen } from "../player/viewing";
import { Button } from "../ui/Button";
import { SessionPicker } from "./Rehearsals";
import { commentSummary } from "./Songs";

const TAGS: [CommentTag, string][] = [
  ["note", "Note"],
  ["suggestion", "Suggestion"],
  ["issue", "Issue"],
  ["keeper", "Keeper"],
];

/** A range started or ended by key spans this long until its other end is set. */
const RANGE_MS = 5000;

export function VersionView({ band, versionId, onClose }: { band: Band; versionId: VersionId; onClose: () => void }) {
  const p = usePlayer();
  const songs = useCommand("list_songs", { band_id: band.id });
  const comments = useCommand("list_comments", { version_id: versionId });
  const peaks = usePeaks(versionId);
  const me = useMe();
  const [selection, setSelection] = useState<Range | null>(null);
  const [draft, setDraft] = useState<{ at_ms: number; until_ms: number | null } | null>(null);
  const [body, setBody] = useState("");
  const [tag, setTag] = useState<CommentTag>("note");
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  useVersionViewOnScreen();
  const add = useAction(
    () => call("add_comment", { version_id: versionId, at_ms: draft!.at_ms, until_ms: draft!.until_ms, body, tag }),
    () => {
      setDraft(null);
      setBody("");
      setTag("note");
      setSelection(null);
    },
  );

  const song = songs.data?.find((s) => s.versions.some((v) => v.id === versionId));
  const version = song?.versions.find((v) => v.id === versionId);
  const loaded = p.state.track?.version_id === versionId;
  const position = loaded ? p.state.position_ms : 0;
  const duration = version?.duration_ms ?? p.state.duration_ms ?? 0;

  const startDraft = () => {
    setDraft(selection ? { ...selection } : { at_ms: Math.round(position), until_ms: null });
    setTimeout(() => bodyRef.current?.focus(), 0);
  };
  useShortcut(["c", "C"], startDraft);
  // Stable, so the memoized comments and pins are not re-rendered as the playhead moves.
  const playFrom = useLatest((ms: number) => {
    if (loaded && p.state.status === "playing") void p.seek(ms);
    else if (song && version) void p.play(versionId, `${song.title} — ${version.label}`, ms);
  });
  // The keyboard's way to choose a range: [ starts it at the playhead, ] ends it there.
  useShortcut(["[", "]"], (e) => {
    if (duration <= 0) return false;
    const at = Math.round(position);
    setSelection((s) =>
      e.key === "["
        ? { at_ms: at, until_ms: s && s.until_ms > at ? s.until_ms : Math.min(duration, at + RANGE_MS) }
        : { at_ms: s && s.at_ms < at ? s.at_ms : Math.max(0, at - RANGE_MS), until_ms: at },
    );
  });

  if (songs.data && !version) {
    return (
      <section>
        <p role="alert" className="error">
          This version was deleted.
        </p>
        <Button icon={<ArrowLeft />} onClick={onClose}>
          Back to songs
        </Button>
      </section>
    );
  }
  if (!song || !version) return <section aria-busy="true" className="version-view-loading">Loading…</section>;
  const title = `${song.title} — ${version.label}`;
  const playing = loaded && p.state.status === "playing";

  function submit(e: FormEvent) {
    e.preventDefault();
    add.start();
  }

  return (
    <section aria-labelledby="version-title" className="version-view" data-testid={`version-view-${versionId}`}>
      <div className="version-main">
        <div className="view-top">
          <Button variant="ghost" icon={<ArrowLeft />} onClick={onClose}>
            Back to songs
          </Button>
          <InlineRename
            value={version.label}
            label="Label"
            save={(label) => call("update_version", { version_id: versionId, label })}
            canRename={version.uploaded_by.id === me.data?.id || band.my_role === "admin"}
          >
            <h2 id="version-title">{title}</h2>
          </InlineRename>
        </div>
        <p className="muted version-facts">
          {version.uploaded_by.display_name} · {formatDuration(version.duration_ms)} · {commentSummary(version)}
          {(version.uploaded_by.id === me.data?.id || band.my_role === "admin") && (
            <SessionPicker bandId={band.id} versionId={versionId} value={version.session_id} label="Rehearsal" />
          )}
        </p>
        <div className="version-stage">
          <div className="view-controls">
            <Button
              variant="primary"
              icon={playing ? <Pause /> : <Play />}
              data-testid="view-toggle"
              onClick={() => void (loaded && p.state.status !== "stopped" ? p.toggle() : p.play(versionId, title))}
            >
              {playing ? "Pause" : "Play"}
            </Button>
            <span className="player-time" data-testid="view-position" data-position-ms={Math.round(position)}>
              {formatPrecise(position)} / {formatDuration(duration)}
            </span>
            <Button icon={<MessageSquarePlus />} data-testid="comment-here" onClick={startDraft} aria-keyshortcuts="C">
              {selection
                ? `Comment on ${formatDuration(selection.at_ms)}–${formatDuration(selection.until_ms)}`
                : `Comment at ${formatDuration(position)}`}
            </Button>
            {selection && (
              <Button variant="ghost" icon={<X />} onClick={() => setSelection(null)}>
                Clear range
              </Button>
            )}
          </div>
          {duration > 0 && (
            <CommentWaveform
              peaks={peaks.data}
              durationMs={duration}
              progress={duration ? position / duration : 0}
              comments={comments.data ?? []}
              selection={selection}
              onSelect={setSelection}
              onSeek={playFrom}
              onPin={playFrom}
            />
          )}
          <p className="muted hint">
            Drag across the waveform to comment on a range; press <kbd>C</kbd> to comment at the playhead, <kbd>?</kbd> for
            all keys.
          </p>
        </div>
        {draft && (
          <form onSubmit={submit} className="comment-form" aria-label="New comment">
            <p>
              {draft.until_ms != null
                ? `From ${formatDuration(draft.at_ms)} to ${formatDuration(draft.until_ms)}`
                : `At ${formatDuration(draft.at_ms)}`}
            </p>
            <label htmlFor="comment-body">Comment</label>
            <textarea id="comment-body" ref={bodyRef} value={body} rows={3} onChange={(e) => setBody(e.target.value)} />
            <label htmlFor="comment-tag">Tag</label>
            <select id="comment-tag" value={tag} onChange={(e) => setTag(e.target.value as CommentTag)}>
              {TAGS.map(([t, label]) => (
                <option key={t} value={t}>
                  {label}
                </option>
              ))}
            </select>
            <div className="row">
              <button type="submit" disabled={add.pending}>
                Save comment
              </button>
              <button type="button" onClick={() => setDraft(null)}>
                Cancel
              </button>
            </div>
            <ErrorMessage error={add.error} />
          </form>
        )}
        <ErrorMessage
          error={comments.error ?? peaks.error}
          onRetry={comments.error ? () => void comments.refetch() : undefined}
        />
      </div>
      <CommentList band={band} comments={comments.data ?? []} onPlay={playFrom} />
    </section>
  );
}
