import { render, screen } from "@testing-library/react";
import { StatusBadge } from "./StatusBadge";

describe("StatusBadge", () => {
  it.each([
    ["pending", "Pending"],
    ["used", "Used"],
    ["expired", "Expired"],
    ["revoked", "Revoked"],
  ] as const)("shows %s as %s", (status, label) => {
    render(<StatusBadge invite={{ status, revoked_reason: null }} />);
    expect(screen.getByTestId("invite-status").textContent).toBe(label);
    expect(screen.getByTestId("invite-status").className).toContain(`badge-${status}`);
  });

  it("calls a declined direct invite declined", () => {
    render(<StatusBadge invite={{ status: "revoked", revoked_reason: "declined" }} />);
    expect(screen.getByTestId("invite-status").textContent).toBe("Declined");
  });

  it("says when an invite went with its creator's admin role", () => {
    render(<StatusBadge invite={{ status: "revoked", revoked_reason: "creator_not_admin" }} />);
    expect(screen.getByTestId("invite-status").textContent).toBe("Revoked: its creator is no longer an admin");
  });
});
