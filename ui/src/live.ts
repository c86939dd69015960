// Live changes (SPEC §6a). Rust sends a `change` event whenever something the signed-in user
// may see changed (here or on the server), and a `live` event when the stream goes up or
// down. What each change makes stale is the generated INVALIDATES table; every query that a
// change can touch gets its key from `keyOf`, so the two cannot drift apart.
import { useEffect, useState } from "react";
import { useQuery, useQueryClient, type QueryClient, type UseQueryOptions } from "@tanstack/react-query";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import { call, type AppError } from "./api";
import { INVALIDATES, QUERY_TAGS, type Change, type Commands, type Events } from "./bindings";

type Listener = <K extends keyof Events>(name: K, f: (payload: Events[K]) => void) => Promise<UnlistenFn>;
let listener: Listener = (name, f) => listen(name, (e) => f(e.payload as Events[typeof name]));

/** Tests replace the event source. */
export function setListener(l: Listener) {
  listener = l;
}

/** Listens to one of the app's events, typed by the generated `Events` interface. */
export function listenTo<K extends keyof Events>(name: K, f: (payload: Events[K]) => void): Promise<UnlistenFn> {
  return listener(name, f);
}

export type Cached = keyof typeof QUERY_TAGS;

/** The query key of a cached command: its tag, then its band (when it has one), then its arguments. */
export function keyOf<K extends Cached>(command: K, args: Commands[K]["args"]): unknown[] {
  const a = args as Record<string, unknown>;
  const tag = QUERY_TAGS[command];
  return typeof a.band_id === "number" ? [tag, a.band_id, a] : [tag, a];
}

/** `useQuery` over a command whose answers changes invalidate. */
export function useCommand<K extends Cached>(
  command: K,
  args: Commands[K]["args"],
  options: Omit<UseQueryOptions<Commands[K]["result"], AppError>, "queryKey" | "queryFn"> = {},
) {
  return useQuery<Commands[K]["result"], AppError>({
    queryKey: keyOf(command, args),
    queryFn: () => call(command, args),
    ...options,
  });
}

/** Marks stale what `change` touched: for a band's change, only that band's queries. */
export function applyChange(qc: QueryClient, change: Change) {
  const band = "band_id" in change ? change.band_id : null;
  for (const tag of INVALIDATES[change.kind]) {
    void qc.invalidateQueries({
      predicate: (q) => q.queryKey[0] === tag && (band === null || typeof q.queryKey[1] !== "number" || q.queryKey[1] === band),
    });
  }
}

/** Applies live changes to the cache while signed in; says whether the stream is up. */
export function useLiveChanges(enabled: boolean): { online: boolean } {
  const qc = useQueryClient();
  const [online, setOnline] = useState(true);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    const offChange = listenTo("change", (c) => {
      if (live) applyChange(qc, c);
    });
    const offStatus = listenTo("live", (s) => {
      if (!live) return;
      setOnline(s.online);
      if (s.resync) void qc.invalidateQueries();
    });
    return () => {
      live = false;
      void offChange.then((f) => f());
      void offStatus.then((f) => f());
    };
  }, [enabled, qc]);
  return { online };
}
