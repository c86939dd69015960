import { useState, type FormEvent } from "react";
import { call, type AppError } from "../api";
import type { User } from "../bindings";
import { ErrorMessage } from "../components/ErrorMessage";

/** Sign in, or create an account. */
export function AuthScreen({ onSignedIn }: { onSignedIn: (u: User) => void }) {
  const [mode, setMode] = useState<"sign_in" | "register">("sign_in");
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const user =
        mode === "sign_in"
          ? await call("sign_in", { username, password })
          : await call("register", { username, password, display_name: displayName || null });
      onSignedIn(user);
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
        <ErrorMessage error={error} />
        <button type="submit" disabled={busy}>
          {mode === "sign_in" ? "Sign in" : "Create account"}
        </button>
      </form>
    </main>
  );
}
