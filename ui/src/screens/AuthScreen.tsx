import { useState, type FormEvent } from "react";
import { call, type AppError } from "../api";
import type { Place, User } from "../bindings";
import { ErrorMessage } from "../components/ErrorMessage";

/**
 * Sign in, or create an account, on this computer or on a server. The place is chosen
 * first: `connect` checks that a server answers before a password goes to it.
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
  onSignedIn: (u: User, place: Place) => void;
}) {
  const [mode, setMode] = useState<"sign_in" | "register">("sign_in");
  const [where, setWhere] = useState<Place["kind"]>(place.kind);
  const [server, setServer] = useState(place.kind === "server" ? place.url : "");
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e?: FormEvent) {
    e?.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const now = await call("connect", { server: where === "server" ? server : null });
      onConnected?.(now);
      const user =
        mode === "sign_in"
          ? await call("sign_in", { username, password })
          : await call("register", { username, password, display_name: displayName || null });
      onSignedIn(user, now);
    } catch (err) {
      setError(err as AppError);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="auth">
      <h1>RehearsalHub</h1>
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
              onChange={() => setWhere("this_computer")}
            />{" "}
            This computer
          </label>
          <label>
            <input
              type="radio"
              name="place"
              value="server"
              checked={where === "server"}
              onChange={() => setWhere("server")}
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
                onChange={(e) => setServer(e.target.value)}
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
        <ErrorMessage error={error} onRetry={busy ? undefined : () => void submit()} />
        <button type="submit" disabled={busy}>
          {busy && where === "server" ? "Connecting…" : mode === "sign_in" ? "Sign in" : "Create account"}
        </button>
      </form>
    </main>
  );
}
