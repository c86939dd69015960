import { act, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { vi } from "vitest";
import { setInvoker } from "../api";
import type { PlayerState } from "../bindings";
import { PlayerBar } from "./PlayerBar";
import { PlayerProvider, usePlayer } from "./PlayerContext";

// A hand-driven event bus in place of Tauri's.
const handlers = new Map<string, (e: { payload: unknown }) => void>();
vi.mock("@tauri-apps/api/event", () => ({
  listen: (name: string, f: (e: { payload: unknown }) => void) => {
    handlers.set(name, f);
    return Promise.resolve(() => handlers.delete(name));
  },
}));

const stopped: PlayerState = { track: null, status: "stopped", position_ms: 0, duration_ms: null, volume: 1, problem: null };

function PlayButton() {
  const p = usePlayer();
  return (
    <button type="button" onClick={() => void p.play(3, "Take 1")}>
      Play take 1
    </button>
  );
}

test("a download from the server shows its progress until the version plays", async () => {
  let finish: (s: PlayerState) => void = () => {};
  setInvoker((name) => {
    if (name === "play_version") return new Promise((resolve) => (finish = resolve));
    if (name === "version_peaks") return Promise.resolve(null);
    return Promise.resolve(stopped);
  });
  const user = userEvent.setup();
  render(
    <QueryClientProvider client={new QueryClient()}>
      <PlayerProvider>
        <PlayButton />
        <PlayerBar />
      </PlayerProvider>
    </QueryClientProvider>,
  );
  await user.click(screen.getByRole("button", { name: "Play take 1" }));
  // Another version's download is not this one's.
  act(() => handlers.get("download-progress")?.({ payload: { version_id: 9, fraction: 0.7 } }));
  expect(screen.queryByTestId("download-progress")).toBeNull();
  act(() => handlers.get("download-progress")?.({ payload: { version_id: 3, fraction: 0.4 } }));
  expect((screen.getByLabelText("Downloading the recording") as HTMLProgressElement).value).toBe(0.4);
  expect((screen.getByTestId("download-progress")).textContent).toContain("40%");

  await act(async () =>
    finish({ ...stopped, track: { version_id: 3, song_id: 2, band_id: 1 }, status: "playing", duration_ms: 60_000 }),
  );
  expect(screen.queryByTestId("download-progress")).toBeNull();
  expect((screen.getByTestId("player-toggle")).textContent).toContain("Pause");
  // A late event after the call ended does not bring the bar back.
  act(() => handlers.get("download-progress")?.({ payload: { version_id: 3, fraction: 0.5 } }));
  expect(screen.queryByTestId("download-progress")).toBeNull();
});
