// A band's admin tables, each on its own tab of the band page: members, invites (and, for
// admins, inviting a registered user directly) and the activity log. Who may do what is
// decided in Rust; buttons an admin alone can use are shown to admins only.
import { useEffect, useState, type FormEvent } from "react";
import { writeText } from "@tauri-apps/plugin-clipboard-manager";
import { useAction } from "../action";
import { call } from "../api";
import type { Band, CreatedInvite, InviteId, Role, UserId } from "../bindings";
import { ConfirmButton } from "../components/Confirm";
import { ErrorMessage } from "../components/ErrorMessage";
import { InviteCreatedDialog } from "../components/InviteCreatedDialog";
import { StatusBadge } from "../components/StatusBadge";
import { formatTime } from "../format";
import { useMe } from "../hooks";
import { useCommand } from "../live";
import { Skeleton, SkeletonRow } from "../ui/Skeleton";

export function Members({ band, onLeft }: { band: Band; onLeft: () => void }) {
  const me = useMe();
  const members = useCommand("list_members", { band_id: band.id });
  const changeRole = useAction((member: UserId, role: Role) =>
    call("change_role", { band_id: band.id, member_id: member, role }),
  );
  const remove = useAction((member: UserId) => call("remove_member", { band_id: band.id, member_id: member }));
  const leave = useAction(() => call("remove_member", { band_id: band.id, member_id: me.data!.id }), onLeft);
  const isAdmin = band.my_role === "admin";
  return (
    <section aria-labelledby="members-title">
      <h2 id="members-title">Members</h2>
      <ErrorMessage
        error={members.error ?? changeRole.error ?? remove.error}
        onRetry={members.error ? () => void members.refetch() : undefined}
      />
      <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Username</th>
            <th scope="col">Role</th>
            <th scope="col">Joined</th>
            {isAdmin && <th scope="col">Manage</th>}
          </tr>
        </thead>
        <tbody>
          {!members.data && !members.error && <SkeletonRow columns={isAdmin ? 5 : 4} label="Loading the members" />}
          {members.data?.map((m) => (
            <tr key={m.member_id} data-testid={`member-${m.username}`}>
              <td>{m.display_name}</td>
              <td>{m.username}</td>
              <td data-testid="member-role">{m.role}</td>
              <td>{formatTime(m.joined_at)}</td>
              {isAdmin && (
                <td>
                  {m.member_id !== me.data?.id && (
                    <>
                      <button
                        type="button"
                        onClick={() => changeRole.start(m.member_id, m.role === "admin" ? "member" : "admin")}
                      >
                        {m.role === "admin" ? `Make ${m.display_name} a member` : `Make ${m.display_name} an admin`}
                      </button>
                      <ConfirmButton
                        label={`Remove ${m.display_name}`}
                        question={`Remove ${m.display_name} from ${band.name}?`}
                        confirmLabel="Yes, remove"
                        onConfirm={() => remove.start(m.member_id)}
                      />
                    </>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      </div>
      <ConfirmButton
        label="Leave band"
        question={`Leave ${band.name}? You will need a new invite to come back.`}
        confirmLabel="Yes, leave"
        onConfirm={() => leave.start()}
      />
      <ErrorMessage error={leave.error} />
    </section>
  );
}

export function Invites({ band }: { band: Band }) {
  const isAdmin = band.my_role === "admin";
  const invites = useCommand("list_invites", { band_id: band.id });
  const [role, setRole] = useState<Role>("member");
  const [hours, setHours] = useState(72);
  const [created, setCreated] = useState<CreatedInvite | null>(null);
  const create = useAction(() => call("create_invite", { band_id: band.id, role, expires_in_hours: hours }), setCreated);
  const revoke = useAction((id: InviteId) => call("revoke_invite", { invite_id: id }));

  function submit(e: FormEvent) {
    e.preventDefault();
    create.start();
  }

  return (
    <section aria-labelledby="invites-title">
      <h2 id="invites-title">Invites</h2>
      {/* Its line is there before the counts arrive, so the form below does not move. */}
      <p className="muted">
        {invites.data ? `${invites.data.total} invites, ${invites.data.pending} pending.` : "\u00a0"}
      </p>
      {isAdmin && (
        <form onSubmit={submit} className="inline-form">
          <label htmlFor="invite-role">Role</label>
          <select id="invite-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            <option value="member">Member</option>
            <option value="admin">Admin</option>
          </select>
          <label htmlFor="invite-expiry">Expires in</label>
          <select id="invite-expiry" value={hours} onChange={(e) => setHours(Number(e.target.value))}>
            <option value={1}>1 hour</option>
            <option value={24}>1 day</option>
            <option value={72}>3 days</option>
            <option value={168}>1 week</option>
            <option value={720}>30 days</option>
          </select>
          <button type="submit" disabled={create.pending}>
            Create invite
          </button>
        </form>
      )}
      <ErrorMessage
        error={invites.error ?? create.error ?? revoke.error}
        onRetry={invites.error ? () => void invites.refetch() : undefined}
      />
      {created && <InviteCreatedDialog created={created} copy={writeText} onClose={() => setCreated(null)} />}
      <div className="table-wrap">
      <table data-testid="invites-table">
        <thead>
          <tr>
            <th scope="col">Status</th>
            <th scope="col">Kind</th>
            <th scope="col">Role</th>
            <th scope="col">Created</th>
            <th scope="col">Expires</th>
            <th scope="col">Used by</th>
            {isAdmin && <th scope="col">Manage</th>}
          </tr>
        </thead>
        <tbody>
          {invites.data?.invites.map((i) => (
            <tr key={i.id} data-testid="invite-row">
              <td>
                <StatusBadge invite={i} />
              </td>
              <td>{i.kind === "direct" ? `Direct: ${i.invitee?.display_name ?? ""}` : "Token"}</td>
              <td>{i.role}</td>
              <td>
                {formatTime(i.created_at)} by {i.created_by.display_name}
              </td>
              <td>{formatTime(i.expires_at)}</td>
              <td>{i.used_by ? `${i.used_by.display_name}, ${formatTime(i.used_at)}` : "—"}</td>
              {isAdmin && (
                <td>
                  {i.status === "pending" && (
                    <ConfirmButton
                      label="Revoke"
                      question="Revoke this invite? It will stop working at once."
                      confirmLabel="Yes, revoke"
                      onConfirm={() => revoke.start(i.id)}
                    />
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      </div>
    </section>
  );
}

export function DirectInvite({ band }: { band: Band }) {
  const [q, setQ] = useState("");
  const [debounced, setDebounced] = useState("");
  useEffect(() => {
    const t = setTimeout(() => setDebounced(q.trim()), 250);
    return () => clearTimeout(t);
  }, [q]);
  const results = useCommand("search_non_members", { band_id: band.id, q: debounced }, { enabled: debounced.length >= 2 });
  const [role, setRole] = useState<Role>("member");
  const invite = useAction((invitee: UserId) => call("create_invite", { band_id: band.id, invitee_id: invitee, role }));
  return (
    <section aria-labelledby="direct-title">
      <h2 id="direct-title">Invite someone directly</h2>
      <label htmlFor="user-search">Find a registered user</label>
      <input id="user-search" value={q} placeholder="At least 2 letters" onChange={(e) => setQ(e.target.value)} />
      <label htmlFor="direct-role">Role</label>
      <select id="direct-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
        <option value="member">Member</option>
        <option value="admin">Admin</option>
      </select>
      <ErrorMessage error={results.error ?? invite.error} />
      {invite.succeeded && <p role="status">Invitation sent.</p>}
      <ul>
        {results.data?.map((u) => (
          <li key={u.id}>
            {u.display_name} <span className="muted">@{u.username}</span>{" "}
            {u.invited ? (
              <span className="muted">(invited)</span>
            ) : (
              <button type="button" onClick={() => invite.start(u.id)}>
                Invite {u.username}
              </button>
            )}
          </li>
        ))}
      </ul>
      {results.data?.length === 0 && <p>No one found.</p>}
    </section>
  );
}

export function Activity({ band }: { band: Band }) {
  const log = useCommand("list_activity", { band_id: band.id });
  return (
    <section aria-labelledby="activity-title">
      <h2 id="activity-title">Activity</h2>
      <ErrorMessage error={log.error} onRetry={() => void log.refetch()} />
      {!log.data && !log.error && <Skeleton rows={4} height="1.4rem" label="Loading the activity" />}
      <ol className="activity">
        {log.data?.map((e) => (
          <li key={e.id}>
            {formatTime(e.at)}: {e.actor.display_name} — {e.kind.replace(/_/g, " ")}
            {e.subject_user ? ` (${e.subject_user.display_name})` : ""}
            {e.kind === "creator_invites_revoked"
              ? `: ${e.detail} pending invite(s) revoked, as ${e.subject_user?.display_name ?? "their creator"} is no longer an admin`
              : e.detail
                ? `: ${e.detail}`
                : ""}
          </li>
        ))}
      </ol>
    </section>
  );
}
