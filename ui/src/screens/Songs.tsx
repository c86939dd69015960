// A band's songs and their versions: add a recording (file picker or drop), see each
// take's waveform, play it, relabel it (its uploader or an admin). Who may do what is
// decided in Rust; errors are shown.
import { Music, Pause, Play } from "lucide-react";
import { useDeferredValue, useEffect, useRef, useState } from "react";
import { getCurrentWebview } from "@tauri-apps/api/webview";
import { open } from "@tauri-apps/plugin-dialog";
import { useAction } from "../action";
import { call, type AppError } from "../api";
import type { Band, Song, SongId, UserId, Version, VersionId } from "../bindings";
import { ConfirmButton } from "../components/Confirm";
import { ErrorMessage } from "../components/ErrorMessage";
import { InlineRename } from "../components/InlineRename";
import { SongDetailsLine } from "../components/SongDetails";
import { isFiltered, NO_FILTERS, searchArgs, SongSearch } from "../components/SongSearch";
import { Waveform } from "../components/Waveform";
import { formatDuration, formatTime } from "../format";
import { useMe, usePeaks } from "../hooks";
import { useCommand, listenTo } from "../live";
import { usePlayer } from "../player/PlayerContext";
import { EmptyState } from "../ui/EmptyState";
import { Skeleton } from "../ui/Skeleton";

const AUDIO_EXTENSIONS = ["wav", "mp3", "flac", "ogg"];
/** How many songs a search shows before "Show more songs". */
const PAGE = 50;
/** Uploads quicker than this show no progress bar: it would only flicker. */
const PROGRESS_AFTER_MS = 300;

interface Upload {
  id: string;
  songId: SongId;
  name: string;
  fraction: number;
  visible: boolean;
}

function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

export function Songs({ band, onOpen }: { band: Band; onOpen: (v: VersionId) => void }) {
  const [filters, setFilters] = useState(NO_FILTERS);
  // Typing asks again once the screen has caught up, not on every key press.
  const search = useDeferredValue(filters);
  // A screenful first; the database orders and cuts, so a band of 10,000 songs answers as
  // quickly as one of 50 (scripts/bench-search.sh).
  // A new search starts again at one screenful.
  const [more, setMore] = useState({ search, shown: PAGE });
  const shown = more.search === search ? more.shown : PAGE;
  const songs = useCommand("list_songs", { band_id: band.id, ...searchArgs(search), limit: shown });
  const me = useMe();
  const [title, setTitle] = useState("");
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [uploadError, setUploadError] = useState<AppError | null>(null);
  const [dropTarget, setDropTarget] = useState<SongId | null>(null);
  const create = useAction(
    () => call("create_song", { band_id: band.id, title }),
    () => setTitle(""),
  );

  useEffect(() => {
    const un = listenTo("add-version-progress", (e) =>
      setUploads((us) => us.map((u) => (u.id === e.upload_id ? { ...u, fraction: e.fraction } : u))),
    );
    return () => void un.then((f) => f());
  }, []);

  const addFiles = useRef<(song: SongId, paths: string[]) => Promise<void>>(async () => {});
  addFiles.current = async (song: SongId, paths: string[]) => {
    setUploadError(null);
    for (const path of paths) {
      const id = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
      setUploads((us) => [...us, { id, songId: song, name: fileName(path), fraction: 0, visible: false }]);
      const timer = setTimeout(
        () => setUploads((us) => us.map((u) => (u.id === id ? { ...u, visible: true } : u))),
        PROGRESS_AFTER_MS,
      );
      try {
        await call("add_version", { song_id: song, path, upload_id: id });
      } catch (e) {
        setUploadError(e as AppError);
      } finally {
        clearTimeout(timer);
        setUploads((us) => us.filter((u) => u.id !== id));
      }
    }
  };

  // Files dropped on the window land on the song under the pointer.
  useEffect(() => {
    const songAt = (x: number, y: number): SongId | null => {
      const ratio = window.devicePixelRatio || 1;
      const el = document.elementFromPoint(x / ratio, y / ratio)?.closest<HTMLElement>("[data-song-id]");
      return el ? Number(el.dataset.songId) : null;
    };
    let un: (() => void) | undefined;
    let live = true;
    try {
      void getCurrentWebview()
        .onDragDropEvent((e) => {
          const ev = e.payload;
          if (ev.type === "over") setDropTarget(songAt(ev.position.x, ev.position.y));
          else if (ev.type === "leave") setDropTarget(null);
          else if (ev.type === "drop") {
            setDropTarget(null);
            const song = songAt(ev.position.x, ev.position.y);
            if (song != null) void addFiles.current(song, ev.paths);
          }
        })
        .then((f) => (live ? (un = f) : f()))
        .catch(() => {});
    } catch {
      // Outside Tauri (unit tests) there is no webview to listen to.
    }
    return () => {
      live = false;
      un?.();
    };
  }, []);

  return (
    <section aria-labelledby="songs-title">
      <h2 id="songs-title">Songs</h2>
      <ErrorMessage
        error={songs.error ?? create.error ?? uploadError}
        onRetry={songs.error ? () => void songs.refetch() : undefined}
      />
      {!songs.data && !songs.error && <Skeleton rows={2} height="6.5rem" label="Loading songs" />}
      <SongSearch bandId={band.id} value={filters} onChange={setFilters} />
      {songs.data?.length === 0 && isFiltered(search) && <p className="muted">No song matches this search.</p>}
      {songs.data?.length === 0 && !isFiltered(search) && (
        <EmptyState icon={<Music />} title="No songs yet">
          Add a song below, then add its recordings, or drop a folder of recordings on it.
        </EmptyState>
      )}
      <ul className="songs">
        {songs.data?.map((s) => (
          <SongItem
            key={s.id}
            song={s}
            band={band}
            myId={me.data?.id}
            dropping={dropTarget === s.id}
            uploads={uploads.filter((u) => u.songId === s.id && u.visible)}
            onAdd={(paths) => void addFiles.current(s.id, paths)}
            onOpen={onOpen}
          />
        ))}
      </ul>
      {songs.data?.length === shown && (
        <button type="button" onClick={() => setMore({ search, shown: shown + PAGE })}>
          Show more songs
        </button>
      )}
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          create.start();
        }}
      >
        <label htmlFor="song-title">Song title</label>
        <input id="song-title" value={title} onChange={(e) => setTitle(e.target.value)} />
        <button type="submit" disabled={create.pending}>
          Add song
        </button>
      </form>
    </section>
  );
}

function SongItem({
  song,
  band,
  myId,
  dropping,
  uploads,
  onAdd,
  onOpen,
}: {
  song: Song;
  band: Band;
  myId: UserId | undefined;
  dropping: boolean;
  uploads: Upload[];
  onAdd: (paths: string[]) => void;
  onOpen: (v: VersionId) => void;
}) {
  async function pick() {
    const chosen = await open({
      multiple: true,
      directory: false,
      title: `Add a version of ${song.title}`,
      filters: [{ name: "Audio", extensions: AUDIO_EXTENSIONS }],
    });
    if (chosen) onAdd(Array.isArray(chosen) ? chosen : [chosen]);
  }
  return (
    <li className={dropping ? "song dropping" : "song"} data-song-id={song.id} data-testid={`song-${song.id}`}>
      <div className="song-head">
        <InlineRename
          value={song.title}
          label="Title"
          save={(title) => call("update_song", { song_id: song.id, title })}
          buttonLabel={`Rename ${song.title}`}
        >
          <h3>{song.title}</h3>
        </InlineRename>
        {song.versions.some((v) => v.keepers > 0) && (
          <span className="keeper-badge" data-testid="keeper-takes">
            Keeper: {song.versions.filter((v) => v.keepers > 0).map((v) => v.label).join(", ")}
          </span>
        )}
        <button type="button" onClick={() => void pick()}>
          Add version
        </button>
        <span className="muted">or drop audio files here</span>
      </div>
      <SongDetailsLine song={song} />
      {uploads.map((u) => (
        <div key={u.id} className="upload">
          <label htmlFor={`upload-${u.id}`}>Adding {u.name}</label>
          <progress id={`upload-${u.id}`} max={1} value={u.fraction} />
        </div>
      ))}
      {song.versions.length === 0 ? (
        <p className="muted">No versions yet.</p>
      ) : (
        <ul className="versions">
          {song.versions.map((v) => (
            <VersionRow
              key={v.id}
              song={song}
              version={v}
              canRelabel={v.uploaded_by.id === myId || band.my_role === "admin"}
              onOpen={() => onOpen(v.id)}
            />
          ))}
        </ul>
      )}
    </li>
  );
}

/** "3 comments · 1 open issue", or nothing said when there are none. */
export function commentSummary(v: Version): string {
  const parts = [`${v.comment_count} comment${v.comment_count === 1 ? "" : "s"}`];
  if (v.open_issues > 0) parts.push(`${v.open_issues} open issue${v.open_issues === 1 ? "" : "s"}`);
  return parts.join(" · ");
}

function VersionRow({
  song,
  version,
  canRelabel,
  onOpen,
}: {
  song: Song;
  version: Version;
  /** Whether I may change its label: I uploaded it, or I am an admin (the core decides). */
  canRelabel: boolean;
  onOpen: () => void;
}) {
  const p = usePlayer();
  const peaks = usePeaks(version.id);
  const remove = useAction(() => call("delete_version", { version_id: version.id }));
  const loaded = p.state.track?.version_id === version.id;
  const playing = loaded && p.state.status === "playing";
  const progress = loaded && p.state.duration_ms ? p.state.position_ms / p.state.duration_ms : 0;
  const title = `${song.title} — ${version.label}`;
  return (
    <li className={loaded ? "version loaded" : "version"} data-testid={`version-${version.id}`}>
      <button
        type="button"
        onClick={() => void (loaded && p.state.status !== "stopped" ? p.toggle() : p.play(version.id, title))}
        aria-label={`${playing ? "Pause" : "Play"} ${version.label}`}
      >
        <span className="btn-glyph" aria-hidden="true">
          {playing ? <Pause /> : <Play />}
        </span>
        {playing ? "Pause" : "Play"}
      </button>
      <InlineRename
        value={version.label}
        label="Label"
        save={(label) => call("update_version", { version_id: version.id, label })}
        canRename={canRelabel}
        buttonLabel={`Rename ${version.label}`}
      >
        <span className="version-label">{version.label}</span>
      </InlineRename>
      <span className="muted">
        {version.uploaded_by.display_name} ·{" "}
        {version.recorded_at ? (
          <span data-testid="recorded-at">recorded {formatTime(version.recorded_at)}</span>
        ) : (
          formatTime(version.created_at)
        )}{" "}
        · {formatDuration(version.duration_ms)}
      </span>
      <Waveform peaks={peaks.data} progress={progress} bars={120} height={28} testId={`waveform-${version.id}`} />
      <span className="muted" data-testid="comment-summary">
        {commentSummary(version)}
        {version.keepers > 0 ? " · keeper" : ""}
      </span>
      <button type="button" onClick={onOpen} aria-label={`Open ${version.label}`} data-testid={`open-${version.id}`}>
        Open
      </button>
      <ConfirmButton
        label="Delete"
        question={`Delete ${version.label}? The recording cannot be brought back.`}
        confirmLabel="Yes, delete"
        onConfirm={() => remove.start()}
        disabled={remove.pending}
      />
      <ErrorMessage error={remove.error ?? peaks.error} />
    </li>
  );
}
