import { useCallback, useEffect, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { call, type AppError } from "./api";
import type { BandId, Place, User } from "./bindings";
import { ErrorMessage } from "./components/ErrorMessage";
import { listenTo, useCommand, useLiveChanges } from "./live";
import { AboutScreen } from "./screens/AboutScreen";
import { AuthScreen } from "./screens/AuthScreen";
import { BandPage } from "./screens/BandPage";
import { BandsScreen } from "./screens/BandsScreen";
import { InboxScreen } from "./screens/InboxScreen";
import { JoinScreen } from "./screens/JoinScreen";
import { PlayerBar } from "./player/PlayerBar";

type View =
  | { name: "bands" }
  | { name: "band"; id: BandId }
  | { name: "join"; initial: string; seq: number }
  | { name: "inbox" }
  | { name: "about" };

export function App() {
  const qc = useQueryClient();
  const [user, setUser] = useState<User | null>(null);
  const [place, setPlace] = useState<Place>({ kind: "this_computer" });
  const [ready, setReady] = useState(false);
  const [startError, setStartError] = useState<AppError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  /** Why the session travels unencrypted, when it does (a plain http:// server on the internet). */
  const [unencrypted, setUnencrypted] = useState<string | null>(null);
  const [view, setView] = useState<View>({ name: "bands" });
  const [version, setVersion] = useState("");
  const [dataDir, setDataDir] = useState("");

  const openLink = useCallback((link: string) => setView({ name: "join", initial: link, seq: Date.now() }), []);

  // A saved session on a server that does not answer is kept: "Try again" asks again.
  const start = useCallback(async () => {
    setStartError(null);
    try {
      const status = await call("app_status", {});
      setUser(status.user);
      setPlace(status.place);
      setNotice(status.keychain_problem);
      setUnencrypted(status.unencrypted);
      setVersion(status.version);
      setDataDir(status.data_dir);
      if (status.place_problem) setStartError({ code: "internal", message: status.place_problem });
    } catch (e) {
      setStartError(e as AppError);
    }
  }, []);

  useEffect(() => {
    (async () => {
      await start();
      try {
        const link = await call("take_pending_link", {});
        if (link) openLink(link);
      } finally {
        setReady(true);
      }
    })();
    const unlisten = listenTo("deep-link", openLink);
    return () => {
      void unlisten.then((f) => f());
    };
  }, [openLink, start]);

  const inbox = useCommand("list_my_invites", {}, { enabled: user !== null });
  const { online } = useLiveChanges(user !== null);

  async function signOut() {
    try {
      await call("sign_out", {});
    } catch {
      // The local session is cleared either way.
    }
    qc.clear();
    setUser(null);
    setView({ name: "bands" });
  }

  if (!ready) return <main aria-busy="true">Opening RehearsalHub…</main>;
  const banner = (
    <>
      {notice && (
        <div role="status" className="notice">
          {notice}{" "}
          <button type="button" onClick={() => setNotice(null)}>
            Dismiss
          </button>
        </div>
      )}
      <ErrorMessage error={startError} onRetry={() => void start()} />
    </>
  );
  if (!user) {
    return (
      <div data-testid="app-ready">
        {banner}
        <AuthScreen
          place={place}
          onConnected={() => setStartError(null)}
          onSignedIn={(u, p, warning) => {
            qc.clear();
            setStartError(null);
            setPlace(p);
            setUnencrypted(warning);
            setUser(u);
          }}
        />
        <footer className="muted version-line">RehearsalHub {version}</footer>
      </div>
    );
  }
  const pending = inbox.data?.length ?? 0;
  return (
    <div data-testid="app-ready" className="shell">
      <header>
        <nav aria-label="Main">
          <button type="button" aria-current={view.name === "bands"} onClick={() => setView({ name: "bands" })}>
            My bands
          </button>
          <button type="button" aria-current={view.name === "join"} onClick={() => openLink("")}>
            Join a band
          </button>
          <button type="button" aria-current={view.name === "inbox"} onClick={() => setView({ name: "inbox" })}>
            Invitations
            {pending > 0 && (
              <span className="count" data-testid="inbox-count" aria-label={`${pending} pending`}>
                {pending}
              </span>
            )}
          </button>
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
          <button type="button" aria-current={view.name === "about"} onClick={() => setView({ name: "about" })}>
            About
          </button>
          <button type="button" onClick={signOut}>
            Sign out
          </button>
        </nav>
      </header>
      <div className="content">
      {banner}
      {view.name === "bands" && <BandsScreen openBand={(id) => setView({ name: "band", id })} />}
      {view.name === "band" && <BandPage key={view.id} bandId={view.id} onLeft={() => setView({ name: "bands" })} />}
      {view.name === "join" && (
        <JoinScreen key={view.seq} initial={view.initial} openBand={(id) => setView({ name: "band", id })} />
      )}
      {view.name === "inbox" && <InboxScreen openBand={(id) => setView({ name: "band", id })} />}
      {view.name === "about" && <AboutScreen version={version} dataDir={dataDir} place={place} />}
      </div>
      <PlayerBar />
    </div>
  );
}
