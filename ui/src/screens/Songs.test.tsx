import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { vi } from "vitest";
import { setInvoker } from "../api";
import type { Band, Role, Song, User, Version } from "../bindings";
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
  versions: [version(8, "Take 1", ada), version(9, "Take 2", bob)],
};

function setup(role: Role) {
  const band: Band = { id: 1, name: "Band", slug: "band", created_at: "2026-12-01T10:00:00Z", my_role: role };
  const calls: [string, Record<string, unknown>][] = [];
  setInvoker(async (name, args) => {
    calls.push([name, args]);
    if (name === "list_songs") return [song];
    if (name === "me") return ada;
    if (name === "version_peaks") return null;
    if (name === "relabel_version") return { ...version(8, args.label as string, ada) };
    return idle;
  });
  render(
    <QueryClientProvider client={new QueryClient()}>
      <PlayerProvider>
        <Songs band={band} onOpen={() => {}} />
      </PlayerProvider>
    </QueryClientProvider>,
  );
  return calls;
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
  expect(calls).toContainEqual(["relabel_version", { version_id: 8, label: "Best take" }]);
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
  expect(calls).toContainEqual(["rename_song", { song_id: 5, title: "Closer" }]);
});
