// A band's rehearsals: its sessions, newest day first, each with its takes in the order they
// were played, and the whole rehearsal playable as a queue. Members create, edit and delete
// sessions; which take belongs where is decided by the core (SPEC §5b).
import { CalendarDays, Pencil, Play } from "lucide-react";
import { useState, type FormEvent } from "react";
import { useAction } from "../action";
import { call } from "../api";
import type { Band, Rehearsal, SessionId } from "../bindings";
import { ConfirmButton } from "../components/Confirm";
import { ErrorMessage } from "../components/ErrorMessage";
import { formatDay, formatDuration, formatTime } from "../format";
import { useCommand } from "../live";
import { usePlayer } from "../player/PlayerContext";
import { Button } from "../ui/Button";
import { Chip } from "../ui/Chip";
import { Dialog } from "../ui/Dialog";
import { EmptyState } from "../ui/EmptyState";
import { Skeleton } from "../ui/Skeleton";

/** Today as YYYY-MM-DD on this computer's calendar. */
function today(): string {
  const d = new Date();
  const two = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}

export function Rehearsals({ band }: { band: Band }) {
  const sessions = useCommand("list_rehearsals", { band_id: band.id });
  const [date, setDate] = useState(today);
  const [place, setPlace] = useState("");
  const create = useAction(
    () => call("create_rehearsal", { band_id: band.id, date, place: place.trim() === "" ? null : place }),
    () => setPlace(""),
  );
  function submit(e: FormEvent) {
    e.preventDefault();
    create.start();
  }
  return (
    <section aria-labelledby="rehearsals-title">
      <h2 id="rehearsals-title">Rehearsals</h2>
      <ErrorMessage error={sessions.error} onRetry={() => void sessions.refetch()} />
      <form className="inline-form rehearsal-form" onSubmit={submit} aria-label="New rehearsal">
        <label htmlFor="rehearsal-date">Date</label>
        <input id="rehearsal-date" type="date" value={date} onChange={(e) => setDate(e.target.value)} />
        <label htmlFor="rehearsal-place">Place</label>
        <input id="rehearsal-place" value={place} placeholder="e.g. the garage" onChange={(e) => setPlace(e.target.value)} />
        <button type="submit" disabled={create.pending}>
          Add rehearsal
        </button>
      </form>
      <ErrorMessage error={create.error} />
      {!sessions.data && !sessions.error && <Skeleton rows={2} height="5rem" label="Loading rehearsals" />}
      {sessions.data?.length === 0 && (
        <EmptyState icon={<CalendarDays />} title="No rehearsals yet">
          Add the day you played, then sort its takes into it from the Songs tab.
        </EmptyState>
      )}
      <ul className="rehearsals">
        {sessions.data?.map((s) => (
          <RehearsalItem key={s.id} session={s} />
        ))}
      </ul>
    </section>
  );
}

function RehearsalItem({ session }: { session: Rehearsal }) {
  const full = useCommand("get_rehearsal", { session_id: session.id });
  const p = usePlayer();
  const [editing, setEditing] = useState(false);
  const remove = useAction(() => call("delete_rehearsal", { session_id: session.id }));
  const takes = full.data?.takes ?? [];
  const day = formatDay(session.date);
  const queued = p.queue?.items.some((i) => takes.some((t) => t.version.id === i.version)) ?? false;
  return (
    <li className="rehearsal" data-testid={`session-${session.id}`}>
      <div className="rehearsal-head">
        <h3>{day}</h3>
        <span className="muted">
          {session.place ? `${session.place} · ` : ""}
          {session.take_count} take{session.take_count === 1 ? "" : "s"}
        </span>
        <Button
          variant="primary"
          icon={<Play />}
          disabled={takes.length === 0}
          onClick={() => void p.playQueue(takes.map((t) => ({ version: t.version.id, title: `${t.song_title} — ${t.version.label}` })))}
          aria-label={`Play the rehearsal of ${day}`}
        >
          Play rehearsal
        </Button>
        <Button variant="ghost" icon={<Pencil />} onClick={() => setEditing(true)} aria-label={`Edit the rehearsal of ${day}`}>
          Edit
        </Button>
        <ConfirmButton
          label="Delete"
          question={`Delete the rehearsal of ${day}? Its takes stay, unsorted.`}
          confirmLabel="Yes, delete"
          onConfirm={() => remove.start()}
          disabled={remove.pending}
        />
      </div>
      {session.notes && <p className="song-notes">{session.notes}</p>}
      <ErrorMessage error={full.error ?? remove.error} />
      {takes.length > 0 && (
        <ol className="takes" aria-label={`Takes of ${day}`}>
          {takes.map((t, i) => {
            const now = queued && p.queue?.at === i;
            return (
              <li key={t.version.id} className={now ? "take playing" : "take"} data-testid={`take-${t.version.id}`}>
                <span className="take-song">{t.song_title}</span>
                <span>{t.version.label}</span>
                <span className="muted">
                  {t.version.recorded_at ? `recorded ${formatTime(t.version.recorded_at)}` : `added ${formatTime(t.version.created_at)}`}
                  {" · "}
                  {formatDuration(t.version.duration_ms)}
                </span>
                {now && <Chip tone="accent">Now playing</Chip>}
              </li>
            );
          })}
        </ol>
      )}
      {full.data && takes.length === 0 && (
        <p className="muted">
          No takes sorted into this rehearsal yet: pick this rehearsal beside a take on the Songs tab.
        </p>
      )}
      {editing && <EditRehearsal session={session} onClose={() => setEditing(false)} />}
    </li>
  );
}

function EditRehearsal({ session, onClose }: { session: Rehearsal; onClose: () => void }) {
  const [date, setDate] = useState(session.date);
  const [place, setPlace] = useState(session.place ?? "");
  const [notes, setNotes] = useState(session.notes);
  const save = useAction(
    () =>
      call("update_rehearsal", {
        session_id: session.id,
        date,
        place: place.trim() === "" ? null : place,
        notes: notes.trim() === "" ? null : notes,
      }),
    onClose,
  );
  function submit(e: FormEvent) {
    e.preventDefault();
    save.start();
  }
  return (
    <Dialog title={`Rehearsal of ${formatDay(session.date)}`} onClose={onClose}>
      <form className="details-form" onSubmit={submit}>
        <label htmlFor="edit-rehearsal-date">Date</label>
        <input id="edit-rehearsal-date" type="date" value={date} onChange={(e) => setDate(e.target.value)} />
        <label htmlFor="edit-rehearsal-place">Place</label>
        <input id="edit-rehearsal-place" value={place} onChange={(e) => setPlace(e.target.value)} />
        <label htmlFor="edit-rehearsal-notes">Notes</label>
        <textarea id="edit-rehearsal-notes" rows={4} value={notes} onChange={(e) => setNotes(e.target.value)} />
        <ErrorMessage error={save.error} />
        <div className="row">
          <Button type="button" variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" disabled={save.pending}>
            Save rehearsal
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

/** The session picker of a take: which rehearsal it was played in (its uploader or an admin). */
export function SessionPicker({
  bandId,
  versionId,
  value,
  label,
}: {
  bandId: Band["id"];
  versionId: number;
  value: SessionId | null;
  label: string;
}) {
  const sessions = useCommand("list_rehearsals", { band_id: bandId });
  const move = useAction((to: SessionId | null) => call("update_version", { version_id: versionId, session_id: to }));
  return (
    <>
      <label className="session-picker">
        <span>{label}</span>
        <select
          value={value ?? ""}
          disabled={move.pending}
          onChange={(e) => move.start(e.target.value === "" ? null : Number(e.target.value))}
        >
          <option value="">No rehearsal</option>
          {sessions.data?.map((s) => (
            <option key={s.id} value={s.id}>
              {formatDay(s.date)}
              {s.place ? ` · ${s.place}` : ""}
            </option>
          ))}
        </select>
      </label>
      <ErrorMessage error={move.error} />
    </>
  );
}
