// Finding a song in a band's list: title text, a status, a tag, and the order. What matches
// is the core's to decide (SPEC §5b: case and accents aside, every tag, any status); this
// only turns the form into the search's arguments.
import type { SongSort, SongStatus } from "../bindings";

export type SongFilters = { q: string; status: SongStatus | ""; tag: string; sort: SongSort };

export const NO_FILTERS: SongFilters = { q: "", status: "", tag: "", sort: "title" };

/** The list_songs arguments beside band_id: what is empty is left out. */
export function searchArgs(f: SongFilters) {
  return {
    q: f.q.trim() === "" ? null : f.q,
    status: f.status === "" ? null : [f.status],
    tag: f.tag.trim() === "" ? null : [f.tag],
    sort: f.sort === "title" ? null : f.sort,
  };
}

export function isFiltered(f: SongFilters): boolean {
  return f.q.trim() !== "" || f.status !== "" || f.tag.trim() !== "";
}

export function SongSearch({ value, onChange }: { value: SongFilters; onChange: (f: SongFilters) => void }) {
  const set = (patch: Partial<SongFilters>) => onChange({ ...value, ...patch });
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
