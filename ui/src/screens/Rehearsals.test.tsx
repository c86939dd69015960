import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { vi } from "vitest";
import { setInvoker } from "../api";
import type { Band, PlayerState, Rehearsal, RehearsalTakes, User, Version } from "../bindings";
import { PlayerProvider } from "../player/PlayerContext";
import { Rehearsals } from "./Rehearsals";

// A hand-driven event bus in place of Tauri's.
const handlers = new Map<string, (e: { payload: unknown }) => void>();
vi.mock("@tauri-apps/api/event", () => ({
  listen: (name: string, f: (e: { payload: unknown }) => void) => {
    handlers.set(name, f);
    return Promise.resolve(() => handlers.delete(name));
  },
}));

const ada: User = { id: 1, username: "ada", display_name: "Ada" };
const band: Band = { id: 1, name: "Band", slug: "band", created_at: "2026-12-01T10:00:00Z", my_role: "member" };
const session: Rehearsal = {
  id: 3,
  band_id: 1,
  date: "2026-03-14",
  place: "The garage",
  notes: "",
  created_by: ada,
  created_at: "2026-03-14T20:00:00Z",
  take_count: 2,
};

function take(id: number, label: string, recorded: string): Version {
  return {
    id,
    song_id: id * 10,
    label,
    format: "wav",
    size_bytes: 1000,
    duration_ms: 60_000,
    sample_rate: 44100,
    channels: 2,
    uploaded_by: ada,
    created_at: "2026-03-15T10:00:00Z",
    recorded_at: recorded,
    session_id: 3,
    comment_count: 0,
    open_issues: 0,
    keepers: 0,
  };
}

const full: RehearsalTakes = {
  session,
  takes: [
    { song_title: "Yesterday", version: take(7, "morning", "2026-03-14T09:30:00") },
    { song_title: "Blackbird", version: take(8, "evening", "2026-03-14T21:00:00") },
  ],
};

const state = (version: number, status: PlayerState["status"]): PlayerState => ({
  track: { version_id: version, song_id: version * 10, band_id: 1 },
  status,
  position_ms: 0,
  duration_ms: 60_000,
  volume: 1,
  problem: null,
});

test("a rehearsal lists its takes in order and plays them one after the other", async () => {
  const calls: [string, Record<string, unknown>][] = [];
  setInvoker(async (name, args) => {
    calls.push([name, args]);
    if (name === "list_rehearsals") return [session];
    if (name === "get_rehearsal") return full;
    if (name === "play_version") return state(args.version_id as number, "playing");
    return state(0, "stopped");
  });
  render(
    <QueryClientProvider client={new QueryClient()}>
      <PlayerProvider>
        <Rehearsals band={band} />
      </PlayerProvider>
    </QueryClientProvider>,
  );
  const item = await screen.findByTestId("session-3");
  expect(within(item).getByText(/The garage · 2 takes/)).toBeTruthy();
  const list = await within(item).findByRole("list", { name: /Takes of/ });
  const rows = within(list).getAllByRole("listitem").map((li) => li.textContent);
  expect(rows[0]).toContain("Yesterday");
  expect(rows[1]).toContain("Blackbird");

  await userEvent.click(within(item).getByRole("button", { name: /Play the rehearsal of/ }));
  expect(calls.filter(([n]) => n === "play_version").map(([, a]) => a.version_id)).toEqual([7]);
  expect(within(screen.getByTestId("take-7")).getByText("Now playing")).toBeTruthy();

  // The first take plays to its end: the second starts.
  await act(async () => handlers.get("player-state")?.({ payload: state(7, "stopped") }));
  expect(calls.filter(([n]) => n === "play_version").map(([, a]) => a.version_id)).toEqual([7, 8]);
  expect(within(screen.getByTestId("take-8")).getByText("Now playing")).toBeTruthy();

  // The last one ends: nothing more is played.
  await act(async () => handlers.get("player-state")?.({ payload: state(8, "stopped") }));
  expect(calls.filter(([n]) => n === "play_version")).toHaveLength(2);
  expect(screen.queryByText("Now playing")).toBeNull();
});

test("a new rehearsal sends the day and place typed", async () => {
  const calls: [string, Record<string, unknown>][] = [];
  setInvoker(async (name, args) => {
    calls.push([name, args]);
    if (name === "list_rehearsals") return [];
    if (name === "create_rehearsal") return session;
    return state(0, "stopped");
  });
  render(
    <QueryClientProvider client={new QueryClient()}>
      <PlayerProvider>
        <Rehearsals band={band} />
      </PlayerProvider>
    </QueryClientProvider>,
  );
  expect(await screen.findByText("No rehearsals yet")).toBeTruthy();
  const form = screen.getByRole("form", { name: "New rehearsal" });
  const date = within(form).getByLabelText("Date");
  await userEvent.clear(date);
  await userEvent.type(date, "2026-03-14");
  await userEvent.type(within(form).getByLabelText("Place"), "The garage");
  await userEvent.click(within(form).getByRole("button", { name: "Add rehearsal" }));
  expect(calls).toContainEqual(["create_rehearsal", { band_id: 1, date: "2026-03-14", place: "The garage" }]);
});
