import { BrandMark } from "../ui/BrandMark";
import { useState, type FormEvent } from "react";
import { call, type AppError } from "../api";
import type { Place, User } from "../bindings";
import { ErrorMessage } from "../components/ErrorMessage";

/**
 * Sign in, or create an account, on this computer or on a server. The place is chosen
 * first: `connect` checks that a server answers before a password goes to it, and says
 * when the password would travel unencrypted; then the screen asks before sending it.
 */
export function AuthScreen({
  place,
  onConnected,
  onSignedIn,
}: {
  /** The place chosen last; the form starts there. */
  place: Place;
  /** The chosen place answered. */
  onConnected?: (place: Place) => void;
  /** Signed in at `place`; `unencrypted` says why the session travels unencrypted, if it does. */
  onSignedIn: (u: User, place: Place, unencrypted: string | null) => void;
}) {
  const [mode, setMode] = useState<"sign_in" | "register">("sign_in");
  const [where, setWhere] = useState<Place["kind"]>(place.kind);
  const [server, setServer] = useState(place.kind === "server" ? place.url : "");
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  /** Set when the chosen server would receive the password unencrypted (from `connect`). */
  const [unencrypted, setUnencrypted] = useState<string | null>(null);

  function choose(kind: Place["kind"], address = server) {
    setWhere(kind);
    setServer(address);
    // A new choice is judged anew.
    setUnencrypted(null);
  }

  /** Connects, then signs in; `allowUnencrypted` only after the user read the warning. */
  async function submit(e?: FormEvent, allowUnencrypted = false) {
    e?.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { place: now, unencrypted: warning } = await call("connect", {
        server: where === "server" ? server : null,
      });
      onConnected?.(now);
      if (warning && !allowUnencrypted) {
        setUnencrypted(warning);
        return;
      }
      const allow = allowUnencrypted || null;
      const user =
        mode === "sign_in"
          ? await call("sign_in", { username, password, allow_unencrypted: allow })
          : await call("register", {
              username,
              password,
              display_name: displayName || null,
              allow_unencrypted: allow,
            });
      setUnencrypted(null);
      onSignedIn(user, now, warning);
    } catch (err) {
      setError(err as AppError);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="auth">
      <h1 className="auth-brand">
        <BrandMark size="30px" />
        RehearsalHub
      </h1>
      <p className="muted">Your band's rehearsals, every take, and what everyone thought of them.</p>
      <nav className="tabs" aria-label="Account">
        <button type="button" aria-pressed={mode === "sign_in"} onClick={() => setMode("sign_in")}>
          Sign in
        </button>
        <button type="button" aria-pressed={mode === "register"} onClick={() => setMode("register")}>
          Create account
        </button>
      </nav>
      <form onSubmit={submit}>
        <h2>{mode === "sign_in" ? "Sign in" : "Create an account"}</h2>
        <fieldset className="place">
          <legend>Where are your bands?</legend>
          <label>
            <input
              type="radio"
              name="place"
              value="this_computer"
              checked={where === "this_computer"}
              onChange={() => choose("this_computer")}
            />{" "}
            This computer
          </label>
          <label>
            <input
              type="radio"
              name="place"
              value="server"
              checked={where === "server"}
              onChange={() => choose("server")}
            />{" "}
            A server
          </label>
          {where === "server" && (
            <>
              <label htmlFor="server-url">Server address</label>
              <input
                id="server-url"
                placeholder="http://192.168.1.20:8080"
                aria-invalid={error?.field === "server"}
                value={server}
                onChange={(e) => choose("server", e.target.value)}
              />
            </>
          )}
        </fieldset>
        <label htmlFor="username">Username</label>
        <input id="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} />
        <label htmlFor="password">Password</label>
        <input
          id="password"
          type="password"
          autoComplete={mode === "sign_in" ? "current-password" : "new-password"}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {mode === "register" && (
          <>
            <label htmlFor="display-name">Display name (optional)</label>
            <input id="display-name" value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
          </>
        )}
        {unencrypted && (
          <div className="warning" role="alert" data-testid="unencrypted-warning">
            <p>
              <strong>Your password would travel unencrypted.</strong> {unencrypted}
            </p>
            <button type="button" disabled={busy} onClick={() => void submit(undefined, true)}>
              Send it unencrypted anyway
            </button>
          </div>
        )}
        <ErrorMessage error={error} onRetry={busy ? undefined : () => void submit()} />
        <button type="submit" disabled={busy}>
          {busy && where === "server" ? "Connecting…" : mode === "sign_in" ? "Sign in" : "Create account"}
        </button>
      </form>
    </main>
  );
}
