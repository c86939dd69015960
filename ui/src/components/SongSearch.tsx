// Finding a song in a band's list: title text, a status, a tag, a rehearsal, and the order. What matches
// is the core's to decide (SPEC §5b: case and accents aside, every tag, any status); this
// only turns the form into the search's arguments.
import type { BandId, SessionId, SongSort, SongStatus } from "../bindings";
import { formatDay } from "../format";
import { useCommand } from "../live";

export type SongFilters = { q: string; status: SongStatus | ""; tag: string; session: SessionId | ""; sort: SongSort };

export const NO_FILTERS: SongFilters = { q: "", status: "", tag: "", session: "", sort: "title" };

/** The list_songs arguments beside band_id: what is empty is left out. */
export function searchArgs(f: SongFilters) {
  return {
    q: f.q.trim() === "" ? null : f.q,
    status: f.status === "" ? null : [f.status],
    tag: f.tag.trim() === "" ? null : [f.tag],
    session_id: f.session === "" ? null : f.session,
    sort: f.sort === "title" ? null : f.sort,
  };
}

export function isFiltered(f: SongFilters): boolean {
  return f.q.trim() !== "" || f.status !== "" || f.tag.trim() !== "" || f.session !== "";
}

export function SongSearch({
  bandId,
  value,
  onChange,
}: {
  bandId: BandId;
  value: SongFilters;
  onChange: (f: SongFilters) => void;
}) {
  const set = (patch: Partial<SongFilters>) => onChange({ ...value, ...patch });
  const sessions = useCommand("list_rehearsals", { band_id: bandId });
  return (
    <form role="search" aria-label="Songs" className="song-search" onSubmit={(e) => e.preventDefault()}>
      <label>
        Find a song
        <input type="search" value={value.q} onChange={(e) => set({ q: e.target.value })} />
      </label>
      <label>
        Show status
        <select value={value.status} onChange={(e) => set({ status: e.target.value as SongStatus | "" })}>
          <option value="">Any</option>
          <option value="idea">Idea</option>
          <option value="learning">Learning</option>
          <option value="ready">Ready</option>
          <option value="retired">Retired</option>
        </select>
      </label>
      <label>
        With tag
        <input value={value.tag} onChange={(e) => set({ tag: e.target.value })} />
      </label>
      <label>
        Played at
        <select
          value={value.session}
          onChange={(e) => set({ session: e.target.value === "" ? "" : Number(e.target.value) })}
        >
          <option value="">Any rehearsal</option>
          {sessions.data?.map((r) => (
            <option key={r.id} value={r.id}>
              {formatDay(r.date)}
            </option>
          ))}
        </select>
      </label>
      <label>
        Sort songs by
        <select value={value.sort} onChange={(e) => set({ sort: e.target.value as SongSort })}>
          <option value="title">Title</option>
          <option value="latest">Latest take</option>
          <option value="status">Status</option>
        </select>
      </label>
    </form>
  );
}
