// A version's comments in time order, with their replies: clickable m:ss times, tags,
// replies, and the rest (resolve/reopen for issues, edits by the author, deletion) in each
// entry's menu. Filters by tag and "unresolved issues". Rights are checked in Rust; what is
// offered follows the same rules (edit: the author; delete: the author or an admin).
//
// A version can carry thousands of comments: the first screenful is rendered at once, the
// rest in slices after it (each slice in its own task), so the view opens at once and every
// comment is in the page, for the keyboard and find, a moment later.
import { memo, useMemo, useState, type FormEvent } from "react";
import { useAction } from "../action";
import { call } from "../api";
import type { Band, Comment, CommentTag } from "../bindings";
import { formatDuration } from "../format";
import { useMe } from "../hooks";
import { Button } from "../ui/Button";
import { EmptyState } from "../ui/EmptyState";
import { useProgressive } from "../ui/useProgressive";
import { CommentEntry } from "./CommentEntry";
import { ErrorMessage } from "./ErrorMessage";

type Filter = "all" | CommentTag | "unresolved";

const FILTERS: [Filter, string][] = [
  ["all", "All comments"],
  ["note", "Notes"],
  ["suggestion", "Suggestions"],
  ["issue", "Issues"],
  ["keeper", "Keepers"],
  ["unresolved", "Unresolved issues"],
];

export function shows(filter: Filter, c: Comment): boolean {
  if (filter === "all") return true;
  if (filter === "unresolved") return c.tag === "issue" && !c.resolved && !c.deleted;
  return c.tag === filter && !c.deleted;
}

export function CommentList({ band, comments, onPlay }: { band: Band; comments: Comment[]; onPlay: (ms: number) => void }) {
  const [filter, setFilter] = useState<Filter>("all");
  const me = useMe();
  const shown = useMemo(() => comments.filter((c) => shows(filter, c)), [comments, filter]);
  const limit = useProgressive(shown.length);
  return (
    <section aria-labelledby="comments-title" className="comments" aria-busy={limit < shown.length}>
      <div className="comments-head">
        <h3 id="comments-title">Comments</h3>
        <label htmlFor="comment-filter">Show</label>
        <select id="comment-filter" value={filter} onChange={(e) => setFilter(e.target.value as Filter)}>
          {FILTERS.map(([f, label]) => (
            <option key={f} value={f}>
              {label}
            </option>
          ))}
        </select>
      </div>
      {shown.length === 0 && (
        <EmptyState title={filter === "all" ? "No comments yet" : "No comments here"}>
          {filter === "all"
            ? "Press C while it plays, or drag across the waveform, to say something about a moment."
            : "Choose All comments to see the others."}
        </EmptyState>
      )}
      <ol className="comment-list">
        {shown.slice(0, limit).map((c) => (
          <CommentItem key={c.id} c={c} band={band} myId={me.data?.id} onPlay={onPlay} />
        ))}
      </ol>
    </section>
  );
}

// Memoized: a slice added, or one comment changed, renders only what is new or changed (the
// parent passes a stable onPlay), not the thousand comments already there.
const CommentItem = memo(function CommentItem({
  c,
  band,
  myId,
  onPlay,
}: {
  c: Comment;
  band: Band;
  myId?: number;
  onPlay: (ms: number) => void;
}) {
  const [replying, setReplying] = useState(false);
  const [reply, setReply] = useState("");
  const send = useAction(
    () => call("reply_to_comment", { comment_id: c.id, body: reply }),
    () => {
      setReply("");
      setReplying(false);
    },
  );
  function submit(e: FormEvent) {
    e.preventDefault();
    send.start();
  }
  const when = c.at_ms != null ? formatDuration(c.at_ms) : "";
  const span = `${when}${c.until_ms != null ? `–${formatDuration(c.until_ms)}` : ""}`;
  return (
    <li className={`comment tag-${c.tag}`} data-testid={`comment-${c.id}`} data-resolved={c.resolved}>
      <div className="comment-head">
        {/* The name holds the visible text (a range reads "Play from 0:05–0:09"). */}
        <button type="button" className="time" onClick={() => onPlay(c.at_ms ?? 0)} aria-label={`Play from ${span}`}>
          {span}
        </button>
        <span className={`tag-badge tag-${c.tag}`}>{c.tag}</span>
        {c.tag === "issue" && !c.deleted && (
          <span className="muted" data-testid="issue-state">
            {c.resolved ? `Resolved by ${c.resolved_by?.display_name ?? "someone"}` : "Open issue"}
          </span>
        )}
      </div>
      <CommentEntry c={c} band={band} myId={myId} resolvable={c.tag === "issue"} />
      {!c.deleted && !replying && (
        <div className="comment-actions">
          <Button variant="ghost" onClick={() => setReplying(true)}>
            Reply
          </Button>
        </div>
      )}
      <ErrorMessage error={send.error} />
      {replying && (
        <form onSubmit={submit} className="inline-form" aria-label={`Reply to ${c.author.display_name}`}>
          <label htmlFor={`reply-${c.id}`}>Reply</label>
          <textarea id={`reply-${c.id}`} value={reply} rows={2} autoFocus onChange={(e) => setReply(e.target.value)} />
          <div className="row">
            <button type="submit" disabled={send.pending}>
              Send reply
            </button>
            <button type="button" onClick={() => setReplying(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {c.replies.length > 0 && (
        <ol className="replies" aria-label="Replies">
          {c.replies.map((r) => (
            <li key={r.id} data-testid={`reply-${r.id}`}>
              <CommentEntry c={r} band={band} myId={myId} />
            </li>
          ))}
        </ol>
      )}
    </li>
  );
});
