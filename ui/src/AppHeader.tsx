import type { Place, User } from "./bindings";
import type { View } from "./Screens";

/** The main navigation of the signed-in app, with who is signed in and where. */
export function AppHeader({
  view,
  onOpen,
  onJoin,
  onSignOut,
  pending,
  ...who
}: {
  view: View;
  onOpen: (view: View) => void;
  onJoin: () => void;
  onSignOut: () => void;
  /** How many invitations wait for an answer. */
  pending: number;
} & SignedInAsProps) {
  return (
    <header>
      <nav aria-label="Main">
        <button type="button" aria-current={view.name === "bands"} onClick={() => onOpen({ name: "bands" })}>
          My bands
        </button>
        <button type="button" aria-current={view.name === "join"} onClick={onJoin}>
          Join a band
        </button>
        <button type="button" aria-current={view.name === "inbox"} onClick={() => onOpen({ name: "inbox" })}>
          Invitations
          {pending > 0 && (
            <span className="count" data-testid="inbox-count" aria-label={`${pending} pending`}>
              {pending}
            </span>
          )}
        </button>
        <SignedInAs {...who} />
        <button type="button" aria-current={view.name === "about"} onClick={() => onOpen({ name: "about" })}>
          About
        </button>
        <button type="button" onClick={onSignOut}>
          Sign out
        </button>
      </nav>
    </header>
  );
}

/** Who is signed in, where, and how the connection is. */
export interface SignedInAsProps {
  user: User;
  place: Place;
  /** Why the session travels unencrypted, when it does. */
  unencrypted: string | null;
  online: boolean;
}

/** Who is signed in, where, and whether the connection is unencrypted or down. */
function SignedInAs({ user, place, unencrypted, online }: SignedInAsProps) {
  return (
    <span className="who">
      Signed in as {user.display_name}{" "}
      <span className="muted" data-testid="place">
        {place.kind === "server" ? `on ${place.url}` : "on this computer"}
      </span>
      {unencrypted && (
        <span className="badge badge-unencrypted" data-testid="unencrypted" title={unencrypted}>
          Not encrypted
        </span>
      )}
      {!online && (
        <span
          className="badge badge-offline"
          data-testid="offline"
          role="status"
          title="The server cannot be reached; changes made elsewhere will show once it can."
        >
          Offline
        </span>
      )}
    </span>
  );
}
