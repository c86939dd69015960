import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { vi } from "vitest";
import { setInvoker } from "../api";
import type { Band, Comment, PlayerState, Song, User } from "../bindings";
import { PlayerProvider } from "../player/PlayerContext";
import { VersionView } from "./VersionView";

vi.mock("@tauri-apps/api/event", () => ({ listen: () => Promise.resolve(() => {}) }));

const ada: User = { id: 1, username: "ada", display_name: "Ada Lovelace" };
const bob: User = { id: 2, username: "bob", display_name: "Bob" };
const band: Band = { id: 1, name: "Band", slug: "band", created_at: "2026-12-01T10:00:00Z", my_role: "member" };
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
  versions: [
    {
      id: 9,
      song_id: 5,
      label: "Take 1",
      format: "wav",
      size_bytes: 1000,
      duration_ms: 60_000,
      sample_rate: 8000,
      channels: 1,
      uploaded_by: ada,
      created_at: "2026-12-01T10:00:00Z",
      recorded_at: null,
    session_id: null,
      comment_count: 2,
      open_issues: 1,
      keepers: 1,
    },
  ],
};

function comment(id: number, author: User, at: number, until: number | null, tag: Comment["tag"], body: string): Comment {
  return {
    id,
    version_id: 9,
    parent_id: null,
    at_ms: at,
    until_ms: until,
    body,
    tag,
    resolved: false,
    resolved_by: null,
    author,
    created_at: "2026-12-01T10:00:00Z",
    edited_at: null,
    deleted: false,
    replies: [],
  };
}

const comments = [
  comment(1, ada, 12_000, null, "issue", "Bridge drags"),
  comment(2, bob, 30_000, 40_000, "keeper", "Keep this part"),
];

const paused: PlayerState = {
  track: { version_id: 9, song_id: 5, band_id: 1 },
  status: "paused",
  position_ms: 20_000,
  duration_ms: 60_000,
  volume: 1,
  problem: null,
};

function setup(me: User = bob, listed: Comment[] = comments) {
  const calls: [string, Record<string, unknown>][] = [];
  setInvoker(async (name, args) => {
    calls.push([name, args]);
    if (name === "list_songs") return [song];
    if (name === "list_comments") return listed;
    if (name === "version_peaks") return { min: [-10, -100], max: [10, 100] };
    if (name === "me") return me;
    if (name === "list_rehearsals") return [];
    if (name === "add_comment") return comment(3, bob, args.at_ms as number, null, "note", args.body as string);
    return paused;
  });
  render(
    <QueryClientProvider client={new QueryClient()}>
      <PlayerProvider>
        <VersionView band={band} versionId={9} onClose={() => {}} />
      </PlayerProvider>
    </QueryClientProvider>,
  );
  return calls;
}

test("pins show initials and text, and a click plays from the comment's moment", async () => {
  const calls = setup();
  const pin = await screen.findByRole("button", { name: /^AL, issue by Ada Lovelace at 0:12: Bridge drags/ });
  expect(pin.textContent).toContain("AL");
  expect(screen.getByRole("button", { name: /^BO, keeper by Bob at 0:30/ })).toBeTruthy();
  await userEvent.click(pin);
  expect(calls).toContainEqual(["play_version", { version_id: 9, start_ms: 12_000 }]);
});

test("C comments at the playhead; the list filters unresolved issues", async () => {
  const calls = setup();
  await screen.findByRole("button", { name: "Comment at 0:20" });
  await userEvent.keyboard("c");
  const form = screen.getByRole("form", { name: "New comment" });
  expect(within(form).getByText("At 0:20")).toBeTruthy();
  await userEvent.type(screen.getByLabelText("Comment"), "Too loud");
  await userEvent.selectOptions(screen.getByLabelText("Tag"), "suggestion");
  await userEvent.click(screen.getByRole("button", { name: "Save comment" }));
  expect(calls).toContainEqual([
    "add_comment",
    { version_id: 9, at_ms: 20_000, until_ms: null, body: "Too loud", tag: "suggestion" },
  ]);

  const list = screen.getByRole("region", { name: "Comments" });
  expect(within(list).getByText("Keep this part")).toBeTruthy();
  await userEvent.selectOptions(screen.getByLabelText("Show"), "unresolved");
  expect(within(list).queryByText("Keep this part")).toBeNull();
  expect(within(list).getByText("Bridge drags")).toBeTruthy();
});

test("the label is offered for renaming to its uploader, not to another member", async () => {
  const calls = setup(bob);
  expect(await screen.findByRole("heading", { name: "Opener — Take 1" })).toBeTruthy();
  await vi.waitFor(() => expect(calls.map(([n]) => n)).toContain("me"));
  await act(async () => {});
  expect(screen.queryByRole("button", { name: "Rename" })).toBeNull();
});

test("its uploader relabels the version from the heading", async () => {
  const calls = setup(ada);
  await userEvent.click(await screen.findByRole("button", { name: "Rename" }));
  const field = screen.getByLabelText("Label");
  await userEvent.clear(field);
  await userEvent.type(field, "Take 2{Enter}");
  expect(calls).toContainEqual(["update_version", { version_id: 9, label: "Take 2" }]);
});

test("an issue's Resolve is in its actions menu, opened by keyboard, and sends the change", async () => {
  const calls = setup(ada);
  const item = (await screen.findByText("Bridge drags")).closest("li")!;
  expect(within(item).queryByRole("button", { name: "Resolve" })).toBeNull();
  within(item).getByRole("button", { name: "More actions" }).focus();
  await userEvent.keyboard("{Enter}");
  const menu = screen.getByRole("menu", { name: "More actions" });
  expect(within(menu).getAllByRole("menuitem").map((m) => m.textContent)).toEqual(["Resolve", "Edit", "Delete"]);
  expect(document.activeElement?.textContent).toBe("Resolve");
  await userEvent.keyboard("{Enter}");
  expect(calls).toContainEqual(["update_comment", { comment_id: 1, resolved: true }]);
  expect(screen.queryByRole("menu")).toBeNull();
});

test("a long list renders a screenful first and every comment soon after", { timeout: 15000 }, async () => {
  const many = Array.from({ length: 150 }, (_, i) => comment(100 + i, bob, i * 100, null, "note", `Comment ${i}`));
  setup(bob, many);
  const list = await screen.findByRole("region", { name: "Comments" });
  await within(list).findByText("Comment 0");
  expect(within(list).queryByText("Comment 149")).toBeNull();
  await within(list).findByText("Comment 149", {}, { timeout: 8000 });
  expect(list.querySelectorAll("li.comment")).toHaveLength(150);
});

test("[ and ] choose a range at the playhead from the keyboard", async () => {
  setup();
  await screen.findByRole("button", { name: "Comment at 0:20" });
  await userEvent.keyboard("[[");
  expect(screen.getByRole("button", { name: "Comment on 0:20–0:25" })).toBeTruthy();
  await userEvent.keyboard("]");
  expect(screen.getByRole("button", { name: "Comment on 0:15–0:20" })).toBeTruthy();
});
