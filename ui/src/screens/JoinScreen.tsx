import { useEffect, useState, type FormEvent } from "react";
import { call, type AppError } from "../api";
import type { BandId, InvitePreview } from "../bindings";
import { ErrorMessage } from "../components/ErrorMessage";
import { formatTime } from "../format";

/** Paste a token or link, see what it invites to, then join with an explicit click. */
export function JoinScreen({ initial, openBand }: { initial: string; openBand: (id: BandId) => void }) {
  const [text, setText] = useState(initial);
  const [preview, setPreview] = useState<InvitePreview | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);

  async function look(value: string) {
    setBusy(true);
    setError(null);
    setPreview(null);
    try {
      setPreview(await call("preview_invite", { token: value }));
    } catch (e) {
      setError(e as AppError);
    } finally {
      setBusy(false);
    }
  }

  // A link that opened the app is previewed at once (never redeemed without the click).
  useEffect(() => {
    if (initial) {
      setText(initial);
      void look(initial);
    }
  }, [initial]);

  function submit(e: FormEvent) {
    e.preventDefault();
    void look(text);
  }

  async function join() {
    if (!preview) return;
    setBusy(true);
    setError(null);
    try {
      await call("redeem_invite", { token: text });
      openBand(preview.band_id);
    } catch (e) {
      setError(e as AppError);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main>
      <h1>Join a band</h1>
      <form onSubmit={submit}>
        <label htmlFor="invite-text">Invite token or link</label>
        <input
          id="invite-text"
          value={text}
          placeholder="rehearsalhub://invite/…"
          onChange={(e) => {
            setText(e.target.value);
            setPreview(null);
            setError(null);
          }}
        />
        <button type="submit" disabled={busy || text.trim() === ""}>
          Show invite
        </button>
      </form>
      <ErrorMessage error={error} />
      {preview && (
        <section className="card" aria-labelledby="preview-title" data-testid="invite-preview">
          <h2 id="preview-title">{preview.band_name}</h2>
          <dl>
            <dt>Role</dt>
            <dd data-testid="preview-role">{preview.role}</dd>
            <dt>Invited by</dt>
            <dd>{preview.invited_by}</dd>
            <dt>Expires</dt>
            <dd>{formatTime(preview.expires_at)}</dd>
            <dt>Status</dt>
            <dd data-testid="preview-status">{preview.status}</dd>
          </dl>
          {preview.problem === null ? (
            <button type="button" onClick={join} disabled={busy}>
              Join {preview.band_name}
            </button>
          ) : (
            <p role="alert" className="error">
              {preview.problem}
            </p>
          )}
        </section>
      )}
    </main>
  );
}
