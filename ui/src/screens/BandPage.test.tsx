import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { vi } from "vitest";
import { setInvoker } from "../api";
import type { Band, Role, User } from "../bindings";
import { PlayerProvider } from "../player/PlayerContext";
import { BandPage } from "./BandPage";

vi.mock("@tauri-apps/api/event", () => ({ listen: () => Promise.resolve(() => {}) }));

const ada: User = { id: 1, username: "ada", display_name: "Ada" };
const idle = { track: null, status: "stopped", position_ms: 0, duration_ms: null, volume: 1, problem: null };

function setup(role: Role) {
  const band: Band = { id: 7, name: "The Tuesdays", slug: "the-tuesdays", created_at: "2026-12-01T10:00:00Z", my_role: role };
  const calls: [string, Record<string, unknown>][] = [];
  setInvoker(async (name, args) => {
    calls.push([name, args]);
    if (name === "view_band") return band;
    if (name === "me") return ada;
    if (name === "list_songs" || name === "list_rehearsals") return [];
    if (name === "rename_band") return { ...band, name: args.name };
    return idle;
  });
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <PlayerProvider>
        <BandPage bandId={7} onLeft={() => {}} />
      </PlayerProvider>
    </QueryClientProvider>,
  );
  return calls;
}

test("an admin can rename the band from its heading", async () => {
  const calls = setup("admin");
  expect(await screen.findByRole("heading", { level: 1, name: "The Tuesdays" })).toBeTruthy();
  await userEvent.click(screen.getByRole("button", { name: "Rename" }));
  const field = screen.getByLabelText("Band name");
  await userEvent.clear(field);
  await userEvent.type(field, "The Wednesdays{Enter}");
  expect(calls).toContainEqual(["rename_band", { band_id: 7, name: "The Wednesdays" }]);
  expect(await screen.findByRole("button", { name: "Rename" })).toBeTruthy();
});

test("a member is not offered Rename", async () => {
  const calls = setup("member");
  expect(await screen.findByRole("heading", { level: 1, name: "The Tuesdays" })).toBeTruthy();
  expect(await screen.findByText("You are a member of this band.")).toBeTruthy();
  expect(screen.queryByRole("button", { name: "Rename" })).toBeNull();
  expect(calls.map(([n]) => n)).not.toContain("rename_band");
});
