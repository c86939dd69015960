// A name changed where it is shown (a band's name, a version's label): the text, and for
// those who may change it a "Rename" button that opens a labelled field with Save and
// Cancel. Enter saves, Escape cancels; a refusal is announced next to the field, which stays
// open. The new name reaches the page through the live events, as every change does.
import { Pencil } from "lucide-react";
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from "react";
import { useAction } from "../action";
import { ErrorMessage } from "./ErrorMessage";

export function InlineRename({
  value,
  label,
  save,
  canRename = true,
  buttonLabel,
  children,
}: {
  /** The current text. */
  value: string;
  /** The field's visible label ("Band name", "Label"). */
  label: string;
  /** Saves the new text; a rejection (an AppError) is shown and the field stays open. */
  save: (text: string) => Promise<unknown>;
  /** Whether the Rename button is offered (the core decides anyway). */
  canRename?: boolean;
  /** The Rename button's accessible name when "Rename" alone is ambiguous ("Rename Take 1"). */
  buttonLabel?: string;
  /** How the current text is shown (a heading, say); plain text by default. */
  children?: ReactNode;
}) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(value);
  const inputId = useId();
  const errorId = useId();
  const input = useRef<HTMLInputElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  /** Whether the Rename button gets the focus back once the field closes. */
  const refocus = useRef(false);
  const saving = useAction(save, close);

  useEffect(() => {
    if (editing) {
      input.current?.focus();
      input.current?.select();
    } else if (refocus.current) {
      refocus.current = false;
      button.current?.focus();
    }
  }, [editing]);

  function open() {
    saving.reset();
    setText(value);
    setEditing(true);
  }
  function close() {
    refocus.current = true;
    setEditing(false);
  }
  function cancel() {
    saving.reset();
    close();
  }
  function submit(e: FormEvent) {
    e.preventDefault();
    if (!saving.pending) saving.start(text);
  }
  function onKeyDown(e: KeyboardEvent) {
    if (e.key !== "Escape") return;
    e.preventDefault();
    e.stopPropagation();
    cancel();
  }

  const shown = children ?? <span>{value}</span>;
  if (!canRename) return <div className="inline-rename">{shown}</div>;
  return (
    <div className="inline-rename">
      {shown}
      {editing ? (
        <form className="inline-rename-form" onSubmit={submit} onKeyDown={onKeyDown}>
          <label htmlFor={inputId}>{label}</label>
          <input
            id={inputId}
            ref={input}
            value={text}
            onChange={(e) => setText(e.target.value)}
            aria-invalid={saving.error ? true : undefined}
            aria-describedby={saving.error ? errorId : undefined}
          />
          <button type="submit" disabled={saving.pending}>
            Save
          </button>
          <button type="button" onClick={cancel}>
            Cancel
          </button>
          <div id={errorId} className="inline-rename-error">
            <ErrorMessage error={saving.error} />
          </div>
        </form>
      ) : (
        <button type="button" className="btn btn-ghost btn-quiet" ref={button} onClick={open} aria-label={buttonLabel}>
          <span className="btn-glyph" aria-hidden="true">
            <Pencil />
          </span>
          Rename
        </button>
      )}
    </div>
  );
}
