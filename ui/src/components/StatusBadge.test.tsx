import { render, screen } from "@testing-library/react";
import { StatusBadge } from "./StatusBadge";

describe("StatusBadge", () => {
  it.each([
    ["pending", "Pending"],
    ["used", "Used"],
    ["expired", "Expired"],
    ["revoked", "Revoked"],
  ] as const)("shows %s as %s", (status, label) => {
    render(<StatusBadge invite={{ status, declined_at: null }} />);
    expect(screen.getByTestId("invite-status").textContent).toBe(label);
    expect(screen.getByTestId("invite-status").className).toContain(`badge-${status}`);
  });

  it("calls a declined direct invite declined", () => {
    render(<StatusBadge invite={{ status: "revoked", declined_at: "2026-11-21T12:00:00Z" }} />);
    expect(screen.getByTestId("invite-status").textContent).toBe("Declined");
  });
});
