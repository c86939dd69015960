// A song's details beside its title (SPEC §5b): shown as chips under the title, edited in a
// dialog. The rules (how a key is spelt, how many tags, which tempos) are the core's: the
// form sends what was typed, and the core's error names the field it refuses.
import { Pencil } from "lucide-react";
import { useState, type FormEvent } from "react";
import { useAction } from "../action";
import { call } from "../api";
import type { Song, SongStatus } from "../bindings";
import { Button } from "../ui/Button";
import { Chip, type Tone } from "../ui/Chip";
import { Dialog } from "../ui/Dialog";
import { ErrorMessage } from "./ErrorMessage";

const STATUS: Record<SongStatus, { label: string; tone: Tone }> = {
  idea: { label: "Idea", tone: "neutral" },
  learning: { label: "Learning", tone: "warn" },
  ready: { label: "Ready", tone: "ok" },
  retired: { label: "Retired", tone: "neutral" },
};

/** The details as chips (status, key, tempo, tags), the notes, and the button to edit them. */
export function SongDetailsLine({ song }: { song: Song }) {
  const [editing, setEditing] = useState(false);
  const status = STATUS[song.status];
  return (
    <div className="song-details" data-testid={`details-${song.id}`}>
      <Chip tone={status.tone} data-testid="song-status">
        {status.label}
      </Chip>
      {song.key && <Chip data-testid="song-key">{song.key}</Chip>}
      {song.bpm != null && <Chip data-testid="song-bpm">{song.bpm} BPM</Chip>}
      {song.tags.map((t) => (
        <Chip key={t} tone="accent" data-testid="song-tag">
          {t}
        </Chip>
      ))}
      <Button variant="ghost" icon={<Pencil />} onClick={() => setEditing(true)} aria-label={`Edit details of ${song.title}`}>
        Edit details
      </Button>
      {song.notes && <p className="song-notes">{song.notes}</p>}
      {editing && <EditSongDetails song={song} onClose={() => setEditing(false)} />}
    </div>
  );
}

function EditSongDetails({ song, onClose }: { song: Song; onClose: () => void }) {
  const [status, setStatus] = useState<SongStatus>(song.status);
  const [key, setKey] = useState(song.key ?? "");
  const [bpm, setBpm] = useState(song.bpm == null ? "" : String(song.bpm));
  const [tags, setTags] = useState(song.tags.join(", "));
  const [notes, setNotes] = useState(song.notes);
  const save = useAction(
    () =>
      call("update_song", {
        song_id: song.id,
        status,
        key: key.trim() === "" ? null : key,
        // The typed text as it is: the core reads a number from it, or names `bpm` if it is none.
        bpm: bpm.trim() === "" ? null : (bpm.trim() as unknown as number),
        tags: tags.split(",").filter((t) => t.trim() !== ""),
        notes: notes.trim() === "" ? null : notes,
      }),
    onClose,
  );
  function submit(e: FormEvent) {
    e.preventDefault();
    save.start();
  }
  return (
    <Dialog title={`Details of ${song.title}`} onClose={onClose}>
      <form className="details-form" onSubmit={submit}>
        <label htmlFor="song-status">Status</label>
        <select id="song-status" value={status} onChange={(e) => setStatus(e.target.value as SongStatus)}>
          {Object.entries(STATUS).map(([value, s]) => (
            <option key={value} value={value}>
              {s.label}
            </option>
          ))}
        </select>
        <label htmlFor="song-key">Key</label>
        <input id="song-key" value={key} placeholder="e.g. A minor, Bb, F#m" onChange={(e) => setKey(e.target.value)} />
        <label htmlFor="song-bpm">Tempo (BPM)</label>
        <input id="song-bpm" inputMode="numeric" value={bpm} onChange={(e) => setBpm(e.target.value)} />
        <label htmlFor="song-tags">Tags</label>
        <input id="song-tags" value={tags} placeholder="ballad, live, cover" onChange={(e) => setTags(e.target.value)} />
        <label htmlFor="song-notes">Notes</label>
        <textarea id="song-notes" rows={5} value={notes} onChange={(e) => setNotes(e.target.value)} />
        <ErrorMessage error={save.error} />
        <div className="row">
          <Button type="button" variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" disabled={save.pending}>
            Save details
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
