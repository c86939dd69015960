// One comment or reply: author, time, text, and its actions in a menu: resolve or reopen (an
// issue), edit (the author), delete (the author or an admin, after a question). A version
// may show thousands of these: the menu's "⋯" is drawn by CSS, not an SVG per entry, and
// the menu's items (with their icons) exist only while it is open.
import { Check, Pencil, RotateCcw, Trash2 } from "lucide-react";
import { useState } from "react";
import { useAction } from "../action";
import { call } from "../api";
import type { Band, Comment } from "../bindings";
import { formatTime } from "../format";
import { Menu, type MenuItem } from "../ui/Menu";
import { useToast } from "../ui/Toast";
import { ConfirmQuestion } from "./Confirm";
import { ErrorMessage } from "./ErrorMessage";

type Mode = "read" | "edit" | "delete";

export function CommentEntry({ c, band, myId, resolvable }: { c: Comment; band: Band; myId?: number; resolvable?: boolean }) {
  const [mode, setMode] = useState<Mode>("read");
  const [text, setText] = useState(c.body);
  const toast = useToast();
  const edit = useAction(
    () => call("update_comment", { comment_id: c.id, body: text }),
    () => setMode("read"),
  );
  const resolve = useAction((resolved: boolean) => call("update_comment", { comment_id: c.id, resolved }));
  const remove = useAction(
    () => call("delete_comment", { comment_id: c.id }),
    () => toast(c.parent_id == null ? "Comment deleted." : "Reply deleted."),
  );
  if (c.deleted) return <p className="muted deleted">Comment deleted.</p>;
  const mine = c.author.id === myId;
  const items: MenuItem[] = [];
  if (resolvable) {
    items.push(
      c.resolved
        ? { label: "Reopen", icon: <RotateCcw />, onSelect: () => resolve.start(false), disabled: resolve.pending }
        : { label: "Resolve", icon: <Check />, onSelect: () => resolve.start(true), disabled: resolve.pending },
    );
  }
  if (mine) {
    items.push({
      label: "Edit",
      icon: <Pencil />,
      onSelect: () => {
        setText(c.body);
        setMode("edit");
      },
    });
  }
  if (mine || band.my_role === "admin") {
    items.push({ label: "Delete", icon: <Trash2 />, danger: true, onSelect: () => setMode("delete") });
  }
  return (
    <div className="entry">
      <div className="entry-head">
        <p className="muted">
          {c.author.display_name} · {formatTime(c.created_at)}
          {c.edited_at ? ` · edited ${formatTime(c.edited_at)}` : ""}
        </p>
        {items.length > 0 && mode === "read" && (
          <Menu trigger={<span className="dots" aria-hidden="true" />} label="More actions" testId={`actions-${c.id}`} items={items} />
        )}
      </div>
      {mode === "edit" ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            edit.start();
          }}
        >
          <label htmlFor={`edit-${c.id}`}>Edit comment</label>
          <textarea id={`edit-${c.id}`} value={text} rows={2} autoFocus onChange={(e) => setText(e.target.value)} />
          <div className="row">
            <button type="submit" disabled={edit.pending}>
              Save changes
            </button>
            <button type="button" onClick={() => setMode("read")}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <p className="comment-body">{c.body}</p>
      )}
      {mode === "delete" && (
        <ConfirmQuestion
          label="Delete"
          question="Delete this comment?"
          confirmLabel="Yes, delete"
          autoFocus
          onConfirm={() => {
            setMode("read");
            remove.start();
          }}
          onCancel={() => setMode("read")}
        />
      )}
      <ErrorMessage error={edit.error ?? remove.error ?? resolve.error} />
    </div>
  );
}
