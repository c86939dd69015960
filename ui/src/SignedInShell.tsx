import type { ReactNode } from "react";
import { AppHeader, type SignedInAsProps } from "./AppHeader";
import { ShortcutsOverlay } from "./components/ShortcutsOverlay";
import { PlayerBar } from "./player/PlayerBar";
import { Screens, type View } from "./Screens";

/** After signing in: the header, the banner, the current screen and the player. */
export default function SignedInShell({
  banner,
  who,
  pending,
  view,
  onOpen,
  onJoin,
  onSignOut,
  version,
  dataDir,
  keychainProblem,
}: {
  banner: ReactNode;
  who: SignedInAsProps;
  /** How many invitations wait for an answer. */
  pending: number;
  view: View;
  onOpen: (view: View) => void;
  onJoin: () => void;
  onSignOut: () => void;
  version: string;
  dataDir: string;
  keychainProblem: string | null;
}) {
  return (
    <div data-testid="app-ready" className="shell">
      <AppHeader view={view} onOpen={onOpen} onJoin={onJoin} onSignOut={onSignOut} pending={pending} {...who} />
      <div className="content">
        {banner}
        <Screens
          view={view}
          onOpen={onOpen}
          version={version}
          dataDir={dataDir}
          place={who.place}
          keychainProblem={keychainProblem}
        />
      </div>
      <PlayerBar />
      <ShortcutsOverlay />
    </div>
  );
}
