// A version's large waveform with its comments pinned on it: a pin (the author's initials,
// coloured by tag) at each comment's moment, a shaded span over each range. Hovering a pin
// shows its text; clicking it (or Enter on it) plays from there. A drag across the
// waveform selects a range for the next comment; a plain click seeks.
import { memo, useMemo, useRef, useState, type PointerEvent } from "react";
import type { Comment, Waveform as Peaks } from "../bindings";
import { formatDuration } from "../format";
import { useProgressive } from "../ui/useProgressive";
import { Waveform } from "./Waveform";

/** A drag shorter than this (in pixels) is a click. */
const DRAG_PX = 4;

export interface Range {
  at_ms: number;
  until_ms: number;
}

export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? words[0][0] + words[words.length - 1][0] : (words[0] ?? "?").slice(0, 2);
  return letters.toUpperCase();
}

interface Props {
  peaks: Peaks | null | undefined;
  durationMs: number;
  progress: number;
  comments: Comment[];
  selection: Range | null;
  onSelect: (r: Range | null) => void;
  onSeek: (ms: number) => void;
  /** Plays from a pin's moment (stable: the pins are memoized). */
  onPin: (ms: number) => void;
}

export function CommentWaveform({ peaks, durationMs, progress, comments, selection, onSelect, onSeek, onPin }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const [drag, setDrag] = useState<{ startX: number; startMs: number; nowMs: number; moved: boolean } | null>(null);
  // Pins of thousands of comments are drawn after the first ones, as the list is.
  const pinned = useMemo(() => comments.filter((c) => c.at_ms != null && !c.deleted), [comments]);
  const pins = useProgressive(pinned.length);
  const pct = (ms: number) => `${(Math.max(0, Math.min(ms, durationMs)) / durationMs) * 100}%`;

  const msAt = (clientX: number) => {
    const r = box.current?.getBoundingClientRect();
    if (!r || r.width <= 0 || durationMs <= 0) return 0;
    return Math.round((Math.max(0, Math.min(1, (clientX - r.left) / r.width))) * durationMs);
  };

  function down(e: PointerEvent<HTMLDivElement>) {
    if ((e.target as HTMLElement).closest("button")) return;
    e.currentTarget.setPointerCapture?.(e.pointerId);
    const ms = msAt(e.clientX);
    setDrag({ startX: e.clientX, startMs: ms, nowMs: ms, moved: false });
  }
  function move(e: PointerEvent<HTMLDivElement>) {
    if (!drag) return;
    setDrag({ ...drag, nowMs: msAt(e.clientX), moved: drag.moved || Math.abs(e.clientX - drag.startX) >= DRAG_PX });
  }
  function up(e: PointerEvent<HTMLDivElement>) {
    if (!drag) return;
    const end = msAt(e.clientX);
    const moved = drag.moved || Math.abs(e.clientX - drag.startX) >= DRAG_PX;
    setDrag(null);
    if (moved && end !== drag.startMs) {
      onSelect({ at_ms: Math.min(drag.startMs, end), until_ms: Math.max(drag.startMs, end) });
    } else {
      onSelect(null);
      onSeek(drag.startMs);
    }
  }

  const shown = drag?.moved
    ? { at_ms: Math.min(drag.startMs, drag.nowMs), until_ms: Math.max(drag.startMs, drag.nowMs) }
    : selection;
  return (
    <div
      className="comment-wave"
      ref={box}
      data-testid="big-waveform"
      onPointerDown={down}
      onPointerMove={move}
      onPointerUp={up}
    >
      <Waveform peaks={peaks} progress={progress} bars={400} height={120} testId="version-waveform" />
      <div className="playhead" style={{ left: `${Math.max(0, Math.min(1, progress)) * 100}%` }} aria-hidden="true" />
      {comments
        .filter((c) => c.at_ms != null && c.until_ms != null && !c.deleted)
        .map((c) => (
          <div
            key={`span-${c.id}`}
            className={`span tag-${c.tag}`}
            style={{ left: pct(c.at_ms!), width: `calc(${pct(c.until_ms!)} - ${pct(c.at_ms!)})` }}
            aria-hidden="true"
          />
        ))}
      {shown && (
        <div
          className="span selection"
          data-testid="selection"
          style={{ left: pct(shown.at_ms), width: `calc(${pct(shown.until_ms)} - ${pct(shown.at_ms)})` }}
          aria-hidden="true"
        />
      )}
      <Pins comments={pinned.slice(0, pins)} durationMs={durationMs} onPin={onPin} />
    </div>
  );
}

// Memoized on the shown comments: the playhead moving re-renders the waveform, not a pin per
// comment (thousands on a long-discussed take).
const Pins = memo(
  function Pins({ comments, durationMs, onPin }: { comments: Comment[]; durationMs: number; onPin: (ms: number) => void }) {
    const pct = (ms: number) => `${(Math.max(0, Math.min(ms, durationMs)) / durationMs) * 100}%`;
    return comments.map((c) => {
      const when = formatDuration(c.at_ms);
      const what = `${c.tag === "note" ? "Comment" : c.tag} by ${c.author.display_name} at ${when}${c.resolved ? ", resolved" : ""}: ${c.body}`;
      return (
        <button
          key={`pin-${c.id}`}
          type="button"
          className={`pin tag-${c.tag}${c.resolved ? " resolved" : ""}`}
          style={{ left: pct(c.at_ms!) }}
          data-testid={`pin-${c.id}`}
          data-tag={c.tag}
          data-at-ms={c.at_ms ?? undefined}
          aria-label={`${initials(c.author.display_name)}, ${what}. Play from ${when}`}
          title={`${c.author.display_name} at ${when}: ${c.body}`}
          onClick={() => onPin(c.at_ms ?? 0)}
        >
          {initials(c.author.display_name)}
          <span className="pin-tip" aria-hidden="true">
            {c.author.display_name} at {when}: {c.body}
          </span>
        </button>
      );
    });
  },
  (a, b) =>
    a.durationMs === b.durationMs &&
    a.onPin === b.onPin &&
    a.comments.length === b.comments.length &&
    a.comments.every((c, i) => c === b.comments[i]),
);
