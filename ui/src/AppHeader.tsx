import { Inbox, Info, LogOut, Settings, Ticket, UsersRound } from "lucide-react";
import type { Place, User } from "./bindings";
import type { View } from "./Screens";
import { BrandMark } from "./ui/BrandMark";
import { Button } from "./ui/Button";
import { Menu } from "./ui/Menu";

/**
 * The main navigation of the signed-in app on one line at every size: the places a musician
 * goes (bands, joining, invitations), then who is signed in, whose menu holds the rest
 * (Settings, About, Sign out). Long names are cut with an ellipsis, the whole in a tooltip.
 */
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
    <header className="app-header">
      <span className="brand">
        <BrandMark size="22px" />
        <span className="brand-text">RehearsalHub</span>
      </span>
      <nav aria-label="Main">
        <Button variant="ghost" icon={<UsersRound />} aria-current={view.name === "bands" || view.name === "band"} onClick={() => onOpen({ name: "bands" })}>
          My bands
        </Button>
        <Button variant="ghost" icon={<Ticket />} aria-current={view.name === "join"} onClick={onJoin}>
          Join a band
        </Button>
        <Button variant="ghost" icon={<Inbox />} aria-current={view.name === "inbox"} onClick={() => onOpen({ name: "inbox" })}>
          Invitations
          {pending > 0 && (
            <span className="count" data-testid="inbox-count" aria-label={`${pending} pending`}>
              {pending}
            </span>
          )}
        </Button>
      </nav>
      <Flags {...who} />
      <Menu
        testId="account-menu"
        trigger={<Account {...who} />}
        items={[
          { label: "Settings", icon: <Settings />, onSelect: () => onOpen({ name: "settings" }) },
          { label: "About", icon: <Info />, onSelect: () => onOpen({ name: "about" }) },
          { label: "Sign out", icon: <LogOut />, onSelect: onSignOut },
        ]}
      />
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

function placeText(place: Place) {
  return place.kind === "server" ? `on ${place.url}` : "on this computer";
}

/** The account menu's button: the display name over the place, both cut to fit. */
function Account({ user, place }: SignedInAsProps) {
  return (
    <span className="account" title={`Signed in as ${user.display_name} ${placeText(place)}`}>
      <span className="truncate">{user.display_name}</span>
      <span className="place truncate" data-testid="place">
        {placeText(place)}
      </span>
    </span>
  );
}

/** Whether the connection is unencrypted or down, beside the account. */
function Flags({ unencrypted, online }: SignedInAsProps) {
  return (
    <span className="header-flags">
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
