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

const noLink = () => {};

function Notice() {
  const s = useAppStatus();
  const ready = useStartup(s.start, noLink);
  if (!ready) return <p>starting</p>;
  return (
    <div>
      <p>notice: {s.notice ?? "none"}</p>
      <p>settings: {s.keychainProblem ?? "none"}</p>
      <button onClick={s.dismissNotice}>Dismiss</button>
    </div>
  );
}

test("the keychain notice shows until dismissed once on this computer, then only in Settings", async () => {
  localStorage.clear();
  setInvoker(async (name) => {
    if (name === "take_pending_link") return null;
    return { user: null, keychain_problem: "No keychain", data_dir: "/d", place: { kind: "this_computer" }, place_problem: null, unencrypted: null, version: "1" };
  });
  const first = render(<Notice />);
  await screen.findByText("notice: No keychain");
  await act(async () => screen.getByRole("button", { name: "Dismiss" }).click());
  expect(screen.getByText("notice: none")).toBeTruthy();
  first.unmount();
  render(<Notice />);
  await screen.findByText("settings: No keychain");
  expect(screen.getByText("notice: none")).toBeTruthy();
});
