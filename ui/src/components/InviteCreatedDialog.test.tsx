import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { CreatedInvite } from "../bindings";
import { InviteCreatedDialog } from "./InviteCreatedDialog";

const TOKEN = "x".repeat(43);
const created: CreatedInvite = {
  invite: {
    id: 1,
    band_id: 2,
    kind: "token",
    role: "member",
    status: "pending",
    is_used: false,
    created_at: "2026-11-21T12:00:00Z",
    created_by: { id: 3, username: "ada", display_name: "Ada" },
    expires_at: "2026-11-24T12:00:00Z",
    used_at: null,
    used_by: null,
    revoked_at: null,
    declined_at: null,
    revoked_reason: null,
    invitee: null,
  },
  token: TOKEN,
  link: `rehearsalhub://invite/${TOKEN}`,
};

describe("InviteCreatedDialog", () => {
  it("shows the token and the link once, labelled", () => {
    render(<InviteCreatedDialog created={created} copy={async () => {}} onClose={() => {}} />);
    expect(screen.getByRole("dialog", { name: "Invite created" })).toBeTruthy();
    expect((screen.getByLabelText("Token") as HTMLInputElement).value).toBe(TOKEN);
    expect((screen.getByLabelText("Link") as HTMLInputElement).value).toBe(`rehearsalhub://invite/${TOKEN}`);
  });

  it("copies the token or the link and says so", async () => {
    const copied: string[] = [];
    render(<InviteCreatedDialog created={created} copy={async (t) => void copied.push(t)} onClose={() => {}} />);
    await userEvent.click(screen.getByRole("button", { name: "Copy token" }));
    expect(await screen.findByText("Token copied.")).toBeTruthy();
    await userEvent.click(screen.getByRole("button", { name: "Copy link" }));
    expect(await screen.findByText("Link copied.")).toBeTruthy();
    expect(copied).toEqual([TOKEN, `rehearsalhub://invite/${TOKEN}`]);
  });

  it("announces a clipboard failure", async () => {
    render(
      <InviteCreatedDialog
        created={created}
        copy={async () => {
          throw new Error("no clipboard");
        }}
        onClose={() => {}}
      />,
    );
    await userEvent.click(screen.getByRole("button", { name: "Copy token" }));
    expect((await screen.findByRole("alert")).textContent).toContain("Could not copy");
  });

  it("closes on Done", async () => {
    let closed = false;
    render(<InviteCreatedDialog created={created} copy={async () => {}} onClose={() => (closed = true)} />);
    await userEvent.click(screen.getByRole("button", { name: "Done" }));
    expect(closed).toBe(true);
  });
});
