import type { Invite, InviteStatus, RevokeReason } from "../bindings";

const LABELS: Record<InviteStatus, string> = {
  pending: "Pending",
  used: "Used",
  expired: "Expired",
  revoked: "Revoked",
};

const REVOKED: Record<RevokeReason, string> = {
  admin: "Revoked",
  declined: "Declined",
  creator_not_admin: "Revoked: its creator is no longer an admin",
};

/** An invite's status as a badge; a revoked invite says why (declined, or its creator lost the admin role). */
export function StatusBadge({ invite }: { invite: Pick<Invite, "status" | "revoked_reason"> }) {
  const label =
    invite.status === "revoked" && invite.revoked_reason ? REVOKED[invite.revoked_reason] : LABELS[invite.status];
  return (
    <span className={`badge badge-${invite.status}`} data-testid="invite-status">
      {label}
    </span>
  );
}
