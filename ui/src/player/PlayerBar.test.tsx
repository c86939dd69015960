import { act, cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { vi } from "vitest";
import { setInvoker } from "../api";
import type { PlayerState } from "../bindings";
import { PlayerBar } from "./PlayerBar";
import { PlayerProvider } from "./PlayerContext";
import { useVersionViewOnScreen } from "./viewing";

// No Tauri event bus in jsdom: player-state events are not needed here.
vi.mock("@tauri-apps/api/event", () => ({ listen: () => Promise.resolve(() => {}) }));

const playing: PlayerState = {
  track: { version_id: 3, song_id: 2, band_id: 1 },
  status: "playing",
  position_ms: 20_000,
  duration_ms: 60_000,
  volume: 1,
  problem: null,
};

/** Stands for a version view: marks one as on screen while mounted. */
function FakeVersionView() {
  useVersionViewOnScreen();
  return null;
}

function setup(initial: PlayerState, extra: React.ReactNode = null) {
  const calls: [string, Record<string, unknown>][] = [];
  let state = initial;
  setInvoker(async (name, args) => {
    calls.push([name, args]);
    if (name === "version_peaks") return { min: [-10, -100], max: [10, 100] };
    if (name === "pause_playback") state = { ...state, status: "paused" };
    if (name === "resume_playback") state = { ...state, status: "playing" };
    if (name === "seek_playback") state = { ...state, position_ms: args.position_ms as number };
    return state;
  });
  render(
    <QueryClientProvider client={new QueryClient()}>
      <PlayerProvider>
        <input aria-label="Song title" />
        <PlayerBar />
        {extra}
      </PlayerProvider>
    </QueryClientProvider>,
  );
  return calls;
}

const names = (calls: [string, Record<string, unknown>][]) => calls.map(([n]) => n);

test("space toggles play and pause, arrows seek 5 s, but not while typing", async () => {
  const calls = setup(playing);
  const user = userEvent.setup();
  await screen.findByText("0:20 / 1:00");

  await user.keyboard(" ");
  await screen.findByRole("button", { name: "Play" });
  expect(names(calls)).toContain("pause_playback");

  await user.keyboard("{ArrowRight}");
  await screen.findByText("0:25 / 1:00");
  await user.keyboard("{ArrowLeft}");
  await screen.findByText("0:20 / 1:00");
  expect(calls.filter(([n]) => n === "seek_playback").map(([, a]) => a.position_ms)).toEqual([25_000, 20_000]);

  calls.length = 0;
  await user.click(screen.getByLabelText("Song title"));
  await user.keyboard(" {ArrowLeft}");
  expect(names(calls)).toEqual([]);
});

test("shows the position, the problem as an alert, and a labelled seek bar and volume", async () => {
  setup({ ...playing, problem: "No audio output device", status: "stopped" });
  expect((await screen.findByRole("alert")).textContent).toBe("No audio output device");
  expect((screen.getByLabelText("Seek") as HTMLInputElement).type).toBe("range");
  expect((screen.getByLabelText("Volume") as HTMLInputElement).value).toBe("100");
  await act(async () => {});
});

test("one waveform per screen: a thin progress line instead while a version view is open", async () => {
  setup(playing);
  expect(await screen.findByTestId("player-waveform")).toBeTruthy();
  expect(screen.queryByTestId("player-progress")).toBeNull();
  cleanup();

  setup(playing, <FakeVersionView />);
  const line = await screen.findByTestId("player-progress");
  expect(screen.queryByTestId("player-waveform")).toBeNull();
  // 20 s of 60 s.
  expect((line.firstElementChild as HTMLElement).style.width).toBe("33.33333333333333%");
});
