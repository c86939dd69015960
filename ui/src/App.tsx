import { lazy, Suspense, useCallback, useState, type ReactNode } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { call } from "./api";
import type { Place, User } from "./bindings";
import { useCommand, useLiveChanges } from "./live";
import { AuthScreen } from "./screens/AuthScreen";
import type { View } from "./Screens";
import { StartBanner } from "./StartBanner";
import { useAppStatus, useStartup } from "./useAppStatus";

// Everything after signing in is its own chunk: the sign-in screen, which is what an idle
// app shows first, then parses only what it needs (scripts/bench-installed.sh: idle memory).
const SignedInShell = lazy(() => import("./SignedInShell"));

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
    <Suspense fallback={<main aria-busy="true">Opening RehearsalHub…</main>}>
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
    </Suspense>
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
