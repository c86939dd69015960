import { Inbox } from "lucide-react";
import { useAction } from "../action";
import { call } from "../api";
import type { BandId, InviteId } from "../bindings";
import { ErrorMessage } from "../components/ErrorMessage";
import { formatTime } from "../format";
import { useCommand } from "../live";
import { EmptyState } from "../ui/EmptyState";
import { Skeleton } from "../ui/Skeleton";

/** My pending direct invites: accept or decline. */
export function InboxScreen({ openBand }: { openBand: (id: BandId) => void }) {
  const invites = useCommand("list_my_invites", {});
  const accept = useAction(
    (id: InviteId) => call("accept_invite", { invite_id: id }),
    (member) => openBand(member.band_id),
  );
  const decline = useAction((id: InviteId) => call("decline_invite", { invite_id: id }));

  return (
    <main>
      <h1>Invitations</h1>
      <ErrorMessage
        error={invites.error ?? accept.error ?? decline.error}
        onRetry={invites.error ? () => void invites.refetch() : undefined}
      />
      {!invites.data && !invites.error && <Skeleton rows={1} height="5.5rem" label="Loading invitations" />}
      {invites.data?.length === 0 && (
        <EmptyState icon={<Inbox />} title="No invitations right now">
          When a band admin invites you by your username, the invitation waits here.
        </EmptyState>
      )}
      <ul className="cards">
        {invites.data?.map((i) => (
          <li key={i.id} className="card">
            <strong>{i.band_name}</strong> — {i.invited_by} invites you as {i.role}.{" "}
            <span className="muted">Expires {formatTime(i.expires_at)}.</span>
            <div className="row">
              <button type="button" className="btn-primary" onClick={() => accept.start(i.id)} disabled={accept.pending}>
                Accept
              </button>
              <button type="button" onClick={() => decline.start(i.id)} disabled={decline.pending}>
                Decline
              </button>
            </div>
          </li>
        ))}
      </ul>
    </main>
  );
}
