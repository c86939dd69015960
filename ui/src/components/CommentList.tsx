// A version's comments in time order, with their replies: clickable m:ss times, tags,
// resolve/reopen for issues, replies, edits by the author and deletion. Filters by tag and
// "unresolved issues". Rights are checked in Rust; what is offered follows the same rules
// (edit: the author; delete: the author or an admin).
import { useState, type FormEvent } from "react";
import { useAction } from "../action";
import { call } from "../api";
import type { Band, Comment, CommentId, CommentTag } from "../bindings";
import { formatDuration, formatTime } from "../format";
import { useMe } from "../hooks";
import { ConfirmButton } from "./Confirm";
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
  const shown = comments.filter((c) => shows(filter, c));
  return (
    <section aria-labelledby="comments-title" className="comments">
      <h3 id="comments-title">Comments</h3>
      <label htmlFor="comment-filter">Show</label>
      <select id="comment-filter" value={filter} onChange={(e) => setFilter(e.target.value as Filter)}>
        {FILTERS.map(([f, label]) => (
          <option key={f} value={f}>
            {label}
          </option>
        ))}
      </select>
      {shown.length === 0 && <p className="muted">No comments here yet.</p>}
      <ol className="comment-list">
        {shown.map((c) => (
          <CommentItem key={c.id} c={c} band={band} myId={me.data?.id} onPlay={onPlay} />
        ))}
      </ol>
    </section>
  );
}

function CommentItem({ c, band, myId, onPlay }: { c: Comment; band: Band; myId?: number; onPlay: (ms: number) => void }) {
  const [replying, setReplying] = useState(false);
  const [reply, setReply] = useState("");
  const send = useAction(
    () => call("reply_to_comment", { comment_id: c.id, body: reply }),
    () => {
      setReply("");
      setReplying(false);
    },
  );
  const resolve = useAction((resolved: boolean) =>
    call("update_comment", { comment_id: c.id, resolved }),
  );
  function submit(e: FormEvent) {
    e.preventDefault();
    send.start();
  }
  const when = c.at_ms != null ? formatDuration(c.at_ms) : "";
  return (
    <li className={`comment tag-${c.tag}`} data-testid={`comment-${c.id}`} data-resolved={c.resolved}>
      <div className="comment-head">
        <button type="button" className="time" onClick={() => onPlay(c.at_ms ?? 0)} aria-label={`Play from ${when}`}>
          {when}
          {c.until_ms != null ? `–${formatDuration(c.until_ms)}` : ""}
        </button>
        <span className={`tag-badge tag-${c.tag}`}>{c.tag}</span>
        {c.tag === "issue" && !c.deleted && (
          <span className="muted" data-testid="issue-state">
            {c.resolved ? `Resolved by ${c.resolved_by?.display_name ?? "someone"}` : "Open issue"}
          </span>
        )}
      </div>
      <Entry c={c} band={band} myId={myId} />
      {!c.deleted && (
        <div className="comment-actions">
          <button type="button" onClick={() => setReplying((r) => !r)}>
            Reply
          </button>
          {c.tag === "issue" && (
            <button type="button" onClick={() => resolve.start(!c.resolved)} disabled={resolve.pending}>
              {c.resolved ? "Reopen" : "Resolve"}
            </button>
          )}
        </div>
      )}
      <ErrorMessage error={send.error ?? resolve.error} />
      {replying && (
        <form onSubmit={submit} className="inline-form" aria-label={`Reply to ${c.author.display_name}`}>
          <label htmlFor={`reply-${c.id}`}>Reply</label>
          <textarea id={`reply-${c.id}`} value={reply} rows={2} onChange={(e) => setReply(e.target.value)} />
          <button type="submit" disabled={send.pending}>
            Send reply
          </button>
        </form>
      )}
      {c.replies.length > 0 && (
        <ol className="replies" aria-label="Replies">
          {c.replies.map((r) => (
            <li key={r.id} data-testid={`reply-${r.id}`}>
              <Entry c={r} band={band} myId={myId} />
            </li>
          ))}
        </ol>
      )}
    </li>
  );
}

/** Author, time, text, and the author's or admin's edit and delete. */
function Entry({ c, band, myId }: { c: Comment; band: Band; myId?: number }) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(c.body);
  const edit = useAction(
    () => call("update_comment", { comment_id: c.id, body: text }),
    () => setEditing(false),
  );
  const remove = useAction((id: CommentId) => call("delete_comment", { comment_id: id }));
  if (c.deleted) return <p className="muted deleted">Comment deleted.</p>;
  const mine = c.author.id === myId;
  return (
    <div className="entry">
      <p className="muted">
        {c.author.display_name} · {formatTime(c.created_at)}
        {c.edited_at ? ` · edited ${formatTime(c.edited_at)}` : ""}
      </p>
      {editing ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            edit.start();
          }}
        >
          <label htmlFor={`edit-${c.id}`}>Edit comment</label>
          <textarea id={`edit-${c.id}`} value={text} rows={2} onChange={(e) => setText(e.target.value)} />
          <button type="submit" disabled={edit.pending}>
            Save changes
          </button>
          <button type="button" onClick={() => setEditing(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <p className="comment-body">{c.body}</p>
      )}
      {!editing && (mine || band.my_role === "admin") && (
        <div className="comment-actions">
          {mine && (
            <button
              type="button"
              onClick={() => {
                setText(c.body);
                setEditing(true);
              }}
            >
              Edit
            </button>
          )}
          <ConfirmButton
            label="Delete"
            question="Delete this comment?"
            confirmLabel="Yes, delete"
            onConfirm={() => remove.start(c.id)}
          />
        </div>
      )}
      <ErrorMessage error={edit.error ?? remove.error} />
    </div>
  );
}
