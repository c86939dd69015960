import { act, render, screen } from "@testing-library/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { applyChange, keyOf, setListener, useLiveChanges } from "./live";

function cacheWith(keys: unknown[][]): QueryClient {
  const qc = new QueryClient();
  for (const k of keys) qc.setQueryData(k, "cached");
  return qc;
}

function stale(qc: QueryClient): string[] {
  return qc
    .getQueryCache()
    .getAll()
    .filter((q) => q.isStale())
    .map((q) => JSON.stringify(q.queryKey));
}

const keys = [
  keyOf("list_members", { band_id: 1 }),
  keyOf("list_members", { band_id: 2 }),
  keyOf("list_songs", { band_id: 1 }),
  keyOf("list_activity", { band_id: 1 }),
  keyOf("list_my_bands", {}),
  keyOf("list_my_invites", {}),
];

test("a band's change makes only that band's queries of its kinds stale", () => {
  const qc = cacheWith(keys);
  applyChange(qc, { kind: "members", band_id: 1 });
  expect(stale(qc)).toEqual([JSON.stringify(keyOf("list_members", { band_id: 1 }))]);
  applyChange(qc, { kind: "activity", band_id: 1 });
  expect(stale(qc)).toContain(JSON.stringify(keyOf("list_activity", { band_id: 1 })));
  expect(stale(qc)).not.toContain(JSON.stringify(keyOf("list_members", { band_id: 2 })));
});

test("a change to my bands makes every band's queries stale, but not my inbox", () => {
  const qc = cacheWith(keys);
  applyChange(qc, { kind: "my_bands", user_id: 9 });
  const s = stale(qc);
  expect(s).toHaveLength(keys.length - 1);
  expect(s).not.toContain(JSON.stringify(keyOf("list_my_invites", {})));
  const inbox = cacheWith(keys);
  applyChange(inbox, { kind: "inbox", user_id: 9 });
  expect(stale(inbox)).toEqual([JSON.stringify(keyOf("list_my_invites", {}))]);
});

function Probe() {
  const { online } = useLiveChanges(true);
  return <p>{online ? "online" : "offline"}</p>;
}

test("the stream going down says offline, and a resync makes everything stale", async () => {
  const handlers = new Map<string, (p: unknown) => void>();
  setListener((name, f) => {
    handlers.set(name, f as (p: unknown) => void);
    return Promise.resolve(() => handlers.delete(name));
  });
  const qc = cacheWith(keys);
  const wrap = ({ children }: { children: ReactNode }) => <QueryClientProvider client={qc}>{children}</QueryClientProvider>;
  render(<Probe />, { wrapper: wrap });
  expect(screen.getByText("online")).toBeTruthy();
  await act(async () => handlers.get("live")?.({ online: false, resync: false }));
  expect(screen.getByText("offline")).toBeTruthy();
  expect(stale(qc)).toEqual([]);
  await act(async () => handlers.get("live")?.({ online: true, resync: true }));
  expect(screen.getByText("online")).toBeTruthy();
  expect(stale(qc)).toHaveLength(keys.length);
});
