import { useCallback, useEffect, useState } from "react";
import { call, type AppError } from "./api";
import type { Place, User } from "./bindings";
import { listenTo } from "./live";

/** What the app knows about itself: who is signed in, where, and what went wrong on the way. */
export function useAppStatus() {
  const [user, setUser] = useState<User | null>(null);
  const [place, setPlace] = useState<Place>({ kind: "this_computer" });
  const [startError, setStartError] = useState<AppError | null>(null);
  /** Why sessions are not kept in a keychain, if they are not: for Settings, always. */
  const [keychainProblem, setKeychainProblem] = useState<string | null>(null);
  /** The same, above every screen, until dismissed once on this computer. */
  const [notice, setNotice] = useState<string | null>(null);
  /** Why the session travels unencrypted, when it does (a plain http:// server on the internet). */
  const [unencrypted, setUnencrypted] = useState<string | null>(null);
  const [version, setVersion] = useState("");
  const [dataDir, setDataDir] = useState("");

  // A saved session on a server that does not answer is kept: "Try again" asks again.
  const start = useCallback(async () => {
    setStartError(null);
    try {
      const status = await call("app_status", {});
      setUser(status.user);
      setPlace(status.place);
      setKeychainProblem(status.keychain_problem);
      setNotice(noticeSeen() ? null : status.keychain_problem);
      setUnencrypted(status.unencrypted);
      setVersion(status.version);
      setDataDir(status.data_dir);
      if (status.place_problem) setStartError({ code: "internal", message: status.place_problem });
    } catch (e) {
      setStartError(e as AppError);
    }
  }, []);

  const signedIn = useCallback((u: User, p: Place, warning: string | null) => {
    setStartError(null);
    setPlace(p);
    setUnencrypted(warning);
    setUser(u);
  }, []);

  return {
    user,
    place,
    startError,
    notice,
    keychainProblem,
    unencrypted,
    version,
    dataDir,
    start,
    signedIn,
    signedOut: () => setUser(null),
    dismissNotice: () => {
      rememberNoticeSeen();
      setNotice(null);
    },
    clearStartError: () => setStartError(null),
  };
}

// The keychain notice is about this computer, not a session: once dismissed it stays in
// Settings only. localStorage lives in the app's WebView profile, one per computer user.
const NOTICE_SEEN = "rh.keychain-notice-seen";

function noticeSeen(): boolean {
  try {
    return localStorage.getItem(NOTICE_SEEN) === "1";
  } catch {
    return false;
  }
}

function rememberNoticeSeen() {
  try {
    localStorage.setItem(NOTICE_SEEN, "1");
  } catch {
    // Not remembered: the notice shows again next time, which is safe.
  }
}

/**
 * Runs `start` once, then opens the link the app was started with, if any, and every link that
 * arrives later. True once the first of these is done.
 */
export function useStartup(start: () => Promise<void>, openLink: (link: string) => void): boolean {
  const [ready, setReady] = useState(false);
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
  return ready;
}
