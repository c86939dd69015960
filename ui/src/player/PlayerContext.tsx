// The player lives in Rust; this mirrors its state (pushed as `player-state` events) and
// forwards the user's requests. Every decision (who may play, what stops when) is Rust's.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { call, type AppError } from "../api";
import type { PlayerState, VersionId } from "../bindings";
import { listenTo } from "../live";

const INITIAL: PlayerState = {
  track: null,
  status: "stopped",
  position_ms: 0,
  duration_ms: null,
  volume: 1,
  problem: null,
};

export interface Player {
  state: PlayerState;
  /** What the version being played is called, for the player bar. */
  title: string | null;
  error: AppError | null;
  /** How much of the version being opened has come from the server (0–1), while it does. */
  downloading: number | null;
  play: (version: VersionId, title: string, startMs?: number) => Promise<void>;
  /** Plays `items` one after the other (a whole rehearsal): the next starts when one ends. */
  playQueue: (items: QueueItem[]) => Promise<void>;
  /** The queue being played and where in it, if any. */
  queue: { items: QueueItem[]; at: number } | null;
  /** Play/pause for the loaded version; starts it again when stopped. */
  toggle: () => Promise<void>;
  seek: (ms: number) => Promise<void>;
  setVolume: (v: number) => Promise<void>;
  stop: () => Promise<void>;
}

/** One take of a queue. */
export interface QueueItem {
  version: VersionId;
  title: string;
}

const Ctx = createContext<Player | null>(null);

export function PlayerProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<PlayerState>(INITIAL);
  const [title, setTitle] = useState<string | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [downloading, setDownloading] = useState<number | null>(null);
  // The version a `play` call is opening: only its download shows, and only until the call ends.
  const opening = useRef<VersionId | null>(null);
  const [queue, setQueue] = useState<{ items: QueueItem[]; at: number } | null>(null);
  const lastStatus = useRef<PlayerState["status"]>("stopped");

  useEffect(() => {
    let live = true;
    const unlisten = listenTo("player-state", (s) => {
      if (live) setState(s);
    });
    const unlistenDownload = listenTo("download-progress", (d) => {
      if (live && d.version_id === opening.current) {
        setDownloading(d.fraction < 1 ? d.fraction : null);
      }
    });
    call("player_state", {})
      .then((s) => live && setState(s))
      .catch(() => {});
    return () => {
      live = false;
      void unlisten.then((f) => f());
      void unlistenDownload.then((f) => f());
    };
  }, []);

  const run = useCallback(async (f: () => Promise<PlayerState>) => {
    try {
      setState(await f());
      setError(null);
    } catch (e) {
      setError(e as AppError);
    }
  }, []);

  const open = useCallback(
    async (version: VersionId, t: string, startMs?: number) => {
      setTitle(t);
      opening.current = version;
      setDownloading(null);
      try {
        await run(() => call("play_version", { version_id: version, start_ms: startMs }));
      } finally {
        if (opening.current === version) {
          opening.current = null;
          setDownloading(null);
        }
      }
    },
    [run],
  );

  // Anything the user plays by hand ends the queue.
  const play = useCallback(
    async (version: VersionId, t: string, startMs?: number) => {
      setQueue(null);
      await open(version, t, startMs);
    },
    [open],
  );

  const playQueue = useCallback(
    async (items: QueueItem[]) => {
      if (items.length === 0) return;
      setQueue({ items, at: 0 });
      await open(items[0].version, items[0].title);
    },
    [open],
  );

  // A take of the queue that played to its end (Rust stops without a problem, the track
  // kept) starts the next one.
  useEffect(() => {
    const was = lastStatus.current;
    lastStatus.current = state.status;
    if (!queue || was !== "playing" || state.status !== "stopped" || state.problem) return;
    if (state.track?.version_id !== queue.items[queue.at]?.version) return;
    const at = queue.at + 1;
    if (at >= queue.items.length) {
      setQueue(null);
      return;
    }
    setQueue({ items: queue.items, at });
    void open(queue.items[at].version, queue.items[at].title);
  }, [state, queue, open]);

  const toggle = useCallback(async () => {
    if (state.status === "playing") return run(() => call("pause_playback", {}));
    if (state.status === "paused") return run(() => call("resume_playback", {}));
    if (state.track) return run(() => call("play_version", { version_id: state.track!.version_id }));
  }, [run, state.status, state.track]);

  const seek = useCallback(
    async (ms: number) => {
      const clamped = Math.max(0, state.duration_ms != null ? Math.min(ms, state.duration_ms) : ms);
      if (state.status === "stopped" && state.track) {
        return run(() => call("play_version", { version_id: state.track!.version_id, start_ms: clamped }));
      }
      return run(() => call("seek_playback", { position_ms: clamped }));
    },
    [run, state.duration_ms, state.status, state.track],
  );

  const setVolume = useCallback((v: number) => run(() => call("set_volume", { volume: v })), [run]);
  const stop = useCallback(() => {
    setQueue(null);
    return run(() => call("stop_playback", {}));
  }, [run]);

  const value = useMemo(
    () => ({ state, title, error, downloading, play, playQueue, queue, toggle, seek, setVolume, stop }),
    [state, title, error, downloading, play, playQueue, queue, toggle, seek, setVolume, stop],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function usePlayer(): Player {
  const p = useContext(Ctx);
  if (!p) throw new Error("usePlayer outside PlayerProvider");
  return p;
}
