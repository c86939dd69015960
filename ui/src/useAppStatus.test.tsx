import { act, render, screen } from "@testing-library/react";
import { useCallback } from "react";
import { setInvoker } from "./api";
import { setListener } from "./live";
import { useAppStatus, useStartup } from "./useAppStatus";

const handlers = new Map<string, (p: unknown) => void>();

function Probe({ opened }: { opened: string[] }) {
  const s = useAppStatus();
  const openLink = useCallback((link: string) => void opened.push(link), [opened]);
  const ready = useStartup(s.start, openLink);
  return (
    <p>
      {ready ? "ready" : "starting"} {s.user?.display_name ?? "nobody"} {s.version} {s.startError?.message ?? "no error"}
    </p>
  );
}

test("starts from the app's status, then opens the pending link and every deep link", async () => {
  setListener((name, f) => {
    handlers.set(name, f as (p: unknown) => void);
    return Promise.resolve(() => handlers.delete(name));
  });
  setInvoker(async (name) => {
    if (name === "take_pending_link") return "rehearsalhub://join/first";
    return {
      user: { id: 1, display_name: "Ann" },
      keychain_problem: null,
      data_dir: "/d",
      place: { kind: "server", url: "https://x" },
      place_problem: "The server does not answer",
      unencrypted: null,
      version: "1.2.3",
    };
  });
  const opened: string[] = [];
  render(<Probe opened={opened} />);
  expect(screen.getByText(/starting/)).toBeTruthy();
  await screen.findByText("ready Ann 1.2.3 The server does not answer");
  expect(opened).toEqual(["rehearsalhub://join/first"]);
  await act(async () => handlers.get("deep-link")?.("rehearsalhub://join/second"));
  expect(opened).toEqual(["rehearsalhub://join/first", "rehearsalhub://join/second"]);
});
