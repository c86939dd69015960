import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { vi } from "vitest";
import { setInvoker } from "../api";
import type { Band, Rehearsal, Role, Song, User, Version } from "../bindings";
import { PlayerProvider } from "../player/PlayerContext";
import { Songs } from "./Songs";

vi.mock("@tauri-apps/api/event", () => ({ listen: () => Promise.resolve(() => {}) }));

const ada: User = { id: 1, username: "ada", display_name: "Ada" };
const bob: User = { id: 2, username: "bob", display_name: "Bob" };
const idle = { track: null, status: "stopped", position_ms: 0, duration_ms: null, volume: 1, problem: null };

function version(id: number, label: string, uploader: User): Version {
  return {
    id,
    song_id: 5,
    label,
    format: "wav",
    size_bytes: 1000,
    duration_ms: 60_000,
    sample_rate: 8000,
    channels: 1,
    uploaded_by: uploader,
    created_at: "2026-12-01T10:00:00Z",
    recorded_at: null,
    session_id: null,
    comment_count: 0,
    open_issues: 0,
    keepers: 0,
  };
}

const song: Song = {
  id: 5,
  band_id: 1,
  title: "Opener",
  created_at: "2026-12-01T10:00:00Z",
  tags: [],
  key: null,
  bpm: null,
  status: "idea",
  notes: "",
  versions: [version(8, "Take 1", ada), version(9, "Take 2", bob)],
};

const rehearsal: Rehearsal = {
  id: 3,
  band_id: 1,
  date: "2026-03-14",
  place: "The garage",
  notes: "",
  created_by: ada,
  created_at: "2026-03-14T20:00:00Z",
  take_count: 1,
};

function setup(role: Role) {
  const calls: [string, Record<string, unknown>][] = [];
  setInvoker(async (name, args) => {
    calls.push([name, args]);
    if (name === "list_songs") return [song];
    if (name === "me") return ada;
    if (name === "list_rehearsals") return [rehearsal];
    if (name === "version_peaks") return null;
    if (name === "update_version") return { ...version(8, args.label as string, ada) };
    return idle;
  });
  renderSongs(role);
  return calls;
}

/** The Songs tab of a band where I have `role`, on whatever the invoker answers. */
function renderSongs(role: Role) {
  const band: Band = { id: 1, name: "Band", slug: "band", created_at: "2026-12-01T10:00:00Z", my_role: role };
  render(
    <QueryClientProvider client={new QueryClient()}>
      <PlayerProvider>
        <Songs band={band} onOpen={() => {}} />
      </PlayerProvider>
    </QueryClientProvider>,
  );
}

test("a member may relabel the versions they uploaded, and only those", async () => {
  const calls = setup("member");
  const mine = await screen.findByTestId("version-8");
  await within(mine).findByRole("button", { name: "Rename Take 1" });
  expect(within(screen.getByTestId("version-9")).queryByRole("button", { name: /^Rename/ })).toBeNull();
  await userEvent.click(within(mine).getByRole("button", { name: "Rename Take 1" }));
  const field = within(mine).getByLabelText("Label");
  await userEvent.clear(field);
  await userEvent.type(field, "Best take{Enter}");
  expect(calls).toContainEqual(["update_version", { version_id: 8, label: "Best take" }]);
});

test("an admin may relabel every version", async () => {
  setup("admin");
  expect(await screen.findByRole("button", { name: "Rename Take 1" })).toBeTruthy();
  expect(screen.getByRole("button", { name: "Rename Take 2" })).toBeTruthy();
});

test("a member renames a song from its heading", async () => {
  const calls = setup("member");
  await userEvent.click(await screen.findByRole("button", { name: "Rename Opener" }));
  const field = screen.getByLabelText("Title");
  await userEvent.clear(field);
  await userEvent.type(field, "Closer{Enter}");
  expect(calls).toContainEqual(["update_song", { song_id: 5, title: "Closer" }]);
});

test("a song's details show as chips and are edited in a dialog", async () => {
  const calls = setup("member");
  const details = await screen.findByTestId("details-5");
  expect(within(details).getByTestId("song-status").textContent).toBe("Idea");
  expect(within(details).queryByTestId("song-key")).toBeNull();

  await userEvent.click(within(details).getByRole("button", { name: "Edit details of Opener" }));
  const dialog = screen.getByRole("dialog", { name: "Details of Opener" });
  await userEvent.selectOptions(within(dialog).getByLabelText("Status"), "Ready");
  await userEvent.type(within(dialog).getByLabelText("Key"), "Am");
  await userEvent.type(within(dialog).getByLabelText("Tempo (BPM)"), "96");
  await userEvent.type(within(dialog).getByLabelText("Tags"), "Ballad, live,");
  await userEvent.type(within(dialog).getByLabelText("Notes"), "Capo 2");
  await userEvent.click(within(dialog).getByRole("button", { name: "Save details" }));
  expect(calls).toContainEqual([
    "update_song",
    { song_id: 5, status: "ready", key: "Am", bpm: "96", tags: ["Ballad", " live"], notes: "Capo 2" },
  ]);
  await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
});

test("details the core refuses keep the dialog open with the error", async () => {
  setInvoker(async (name) => {
    if (name === "list_songs") return [{ ...song, key: "A minor", bpm: 96, tags: ["ballad"], notes: "Capo 2" }];
    if (name === "me") return ada;
    if (name === "list_rehearsals") return [];
    if (name === "version_peaks") return null;
    if (name === "update_song") throw { code: "invalid_input", message: "“H” is not a key.", field: "key" };
    return idle;
  });
  renderSongs("member");
  const details = await screen.findByTestId("details-5");
  expect(within(details).getByTestId("song-key").textContent).toBe("A minor");
  expect(within(details).getByTestId("song-bpm").textContent).toBe("96 BPM");
  expect(within(details).getAllByTestId("song-tag").map((t) => t.textContent)).toEqual(["ballad"]);
  expect(within(details).getByText("Capo 2")).toBeTruthy();
  await userEvent.click(within(details).getByRole("button", { name: "Edit details of Opener" }));
  const dialog = screen.getByRole("dialog");
  const key = within(dialog).getByLabelText("Key");
  await userEvent.clear(key);
  await userEvent.type(key, "H");
  await userEvent.click(within(dialog).getByRole("button", { name: "Save details" }));
  expect((await within(dialog).findByRole("alert")).textContent).toContain("is not a key");
  expect(screen.getByRole("dialog")).toBeTruthy();
});

test("the search form asks the core for what it names", async () => {
  const calls = setup("member");
  await screen.findByTestId("details-5");
  const search = screen.getByRole("search", { name: "Songs" });
  await userEvent.type(within(search).getByLabelText("Find a song"), "cafe");
  await userEvent.selectOptions(within(search).getByLabelText("Show status"), "Ready");
  await userEvent.selectOptions(within(search).getByLabelText("Sort songs by"), "Latest take");
  await userEvent.selectOptions(within(search).getByLabelText("Played at"), "Sat, Mar 14, 2026");
  await waitFor(() =>
    expect(calls).toContainEqual([
      "list_songs",
      { band_id: 1, q: "cafe", status: ["ready"], tag: null, session_id: 3, sort: "latest", limit: 50 },
    ]),
  );
  // The first ask named no filter at all.
  expect(calls.find(([n]) => n === "list_songs")).toEqual([
    "list_songs",
    { band_id: 1, q: null, status: null, tag: null, session_id: null, sort: null, limit: 50 },
  ]);
});

test("a search that finds nothing says so, not that the band has no songs", async () => {
  setInvoker(async (name, args) => {
    if (name === "list_songs") return args.q ? [] : [song];
    if (name === "me") return ada;
    if (name === "list_rehearsals") return [];
    if (name === "version_peaks") return null;
    return idle;
  });
  renderSongs("member");
  await screen.findByTestId("details-5");
  await userEvent.type(screen.getByLabelText("Find a song"), "zzz");
  expect(await screen.findByText("No song matches this search.")).toBeTruthy();
  expect(screen.queryByText("No songs yet")).toBeNull();
});
