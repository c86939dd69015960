import type { Invite, InviteStatus } from "../bindings";

const LABELS: Record<InviteStatus, string> = {
  pending: "Pending",
  used: "Used",
  expired: "Expired",
  revoked: "Revoked",
};

/** An invite's status as a badge; a declined direct invite reads "Declined". */
export function StatusBadge({ invite }: { invite: Pick<Invite, "status" | "declined_at"> }) {
  const label = invite.status === "revoked" && invite.declined_at ? "Declined" : LABELS[invite.status];
  return (
    <span className={`badge badge-${invite.status}`} data-testid="invite-status">
      {label}
    </span>
  );
}
