import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { setInvoker } from "../api";
import type { InvitePreview } from "../bindings";
import { JoinScreen } from "./JoinScreen";

const preview = (over: Partial<InvitePreview> = {}): InvitePreview => ({
  id: 1,
  band_id: 7,
  band_name: "The Tuesdays",
  band_slug: "the-tuesdays",
  role: "member",
  created_at: "2026-11-21T12:00:00Z",
  expires_at: "2026-11-24T12:00:00Z",
  status: "pending",
  is_used: false,
  invited_by: "Ada",
  problem: null,
  ...over,
});

function setup(respond: (name: string, args: Record<string, unknown>) => unknown, initial = "") {
  const calls: string[] = [];
  setInvoker(async (name, args) => {
    calls.push(name);
    const r = respond(name, args);
    if (r instanceof Error) throw { code: "invalid_input", message: r.message, field: "token" };
    return r;
  });
  const opened: number[] = [];
  render(
    <QueryClientProvider client={new QueryClient()}>
      <JoinScreen initial={initial} openBand={(id) => opened.push(id)} />
    </QueryClientProvider>,
  );
  return { calls, opened };
}

describe("JoinScreen", () => {
  it("shows the core's message for text that is not a token, with no Join button", async () => {
    setup(() => new Error("This is not an invite token or link."));
    await userEvent.type(screen.getByLabelText("Invite token or link"), "hello");
    await userEvent.click(screen.getByRole("button", { name: "Show invite" }));
    expect((await screen.findByRole("alert")).textContent).toBe("This is not an invite token or link.");
    expect(screen.queryByRole("button", { name: /^Join/ })).toBeNull();
  });

  it("previews, and redeems only on the explicit Join click", async () => {
    const { calls, opened } = setup((name) => (name === "preview_invite" ? preview() : { band_id: 7 }));
    await userEvent.type(screen.getByLabelText("Invite token or link"), "rehearsalhub://invite/abc");
    await userEvent.click(screen.getByRole("button", { name: "Show invite" }));
    expect(await screen.findByRole("heading", { name: "The Tuesdays" })).toBeTruthy();
    expect(screen.getByTestId("preview-role").textContent).toBe("member");
    expect(calls).toEqual(["preview_invite"]);
    await userEvent.click(screen.getByRole("button", { name: "Join The Tuesdays" }));
    await vi.waitFor(() => expect(opened).toEqual([7]));
    expect(calls).toEqual(["preview_invite", "redeem_invite"]);
  });

  it.each([
    ["used", "This invite has already been used."],
    ["expired", "This invite has expired. Ask for a new one."],
    ["revoked", "This invite was revoked. Ask for a new one."],
  ] as const)("explains a %s invite and offers no Join", async (status, message) => {
    // The core words the problem; the screen shows it and offers no Join.
    setup(() => preview({ status, is_used: status === "used", problem: message }));
    await userEvent.type(screen.getByLabelText("Invite token or link"), "t");
    await userEvent.click(screen.getByRole("button", { name: "Show invite" }));
    expect((await screen.findByRole("alert")).textContent).toBe(message);
    expect(screen.queryByRole("button", { name: /^Join/ })).toBeNull();
  });

  it("previews a link the app was opened with, without joining", async () => {
    const { calls } = setup(() => preview(), "rehearsalhub://invite/abc");
    expect(await screen.findByRole("button", { name: "Join The Tuesdays" })).toBeTruthy();
    expect((screen.getByLabelText("Invite token or link") as HTMLInputElement).value).toBe("rehearsalhub://invite/abc");
    expect(calls).toEqual(["preview_invite"]);
  });
});
