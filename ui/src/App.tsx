import { useCallback, useState, type ReactNode } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { call } from "./api";
import { AppHeader, type SignedInAsProps } from "./AppHeader";
import type { Place, User } from "./bindings";
import { useCommand, useLiveChanges } from "./live";
import { ShortcutsOverlay } from "./components/ShortcutsOverlay";
import { PlayerBar } from "./player/PlayerBar";
import { AuthScreen } from "./screens/AuthScreen";
import { Screens, type View } from "./Screens";
import { StartBanner } from "./StartBanner";
import { useAppStatus, useStartup } from "./useAppStatus";

export function App() {
  const qc = useQueryClient();
  const status = useAppStatus();
  const { user, place, version } = status;
  const [view, setView] = useState<View>({ name: "bands" });

  const openLink = useCallback((link: string) => setView({ name: "join", initial: link, seq: Date.now() }), []);
  const ready = useStartup(status.start, openLink);

  const inbox = useCommand("list_my_invites", {}, { enabled: user !== null });
  const { online } = useLiveChanges(user !== null);
  const signOut = useSignOut(() => {
    status.signedOut();
    setView({ name: "bands" });
  });

  if (!ready) return <main aria-busy="true">Opening RehearsalHub…</main>;
  const banner = (
    <StartBanner
      notice={status.notice}
      onDismiss={status.dismissNotice}
      error={status.startError}
      onRetry={() => void status.start()}
    />
  );
  if (!user) {
    return (
      <SignedOutShell
        banner={banner}
        place={place}
        version={version}
        onConnected={status.clearStartError}
        onSignedIn={(u, p, warning) => {
          qc.clear();
          status.signedIn(u, p, warning);
        }}
      />
    );
  }
  return (
    <SignedInShell
      banner={banner}
      who={{ user, place, unencrypted: status.unencrypted, online }}
      pending={inbox.data?.length ?? 0}
      view={view}
      onOpen={setView}
      onJoin={() => openLink("")}
      onSignOut={signOut}
      version={version}
      dataDir={status.dataDir}
      keychainProblem={status.keychainProblem}
    />
  );
}

/**
 * Signs out (the local session is cleared even when the server does not answer), forgets
 * every cached answer, then runs `after`.
 */
function useSignOut(after: () => void) {
  const qc = useQueryClient();
  return async () => {
    try {
      await call("sign_out", {});
    } catch {
      // The local session is cleared either way.
    }
    qc.clear();
    after();
  };
}

/** Before signing in: the banner, the sign-in screen and the app's version. */
function SignedOutShell({
  banner,
  place,
  version,
  onConnected,
  onSignedIn,
}: {
  banner: ReactNode;
  place: Place;
  version: string;
  onConnected: () => void;
  onSignedIn: (u: User, place: Place, unencrypted: string | null) => void;
}) {
  return (
    <div data-testid="app-ready">
      {banner}
      <AuthScreen place={place} onConnected={onConnected} onSignedIn={onSignedIn} />
      <footer className="muted version-line">RehearsalHub {version}</footer>
    </div>
  );
}

/** After signing in: the header, the banner, the current screen and the player. */
function SignedInShell({
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
