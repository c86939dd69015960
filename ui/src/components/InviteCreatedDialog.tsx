import { useState } from "react";
import type { CreatedInvite } from "../bindings";
import { Dialog } from "../ui/Dialog";

export type CopyText = (text: string) => Promise<void>;

/** Shows a new invite's token once, with buttons that copy the token or the link. */
export function InviteCreatedDialog({
  created,
  copy,
  onClose,
}: {
  created: CreatedInvite;
  copy: CopyText;
  onClose: () => void;
}) {
  const [copied, setCopied] = useState<string | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const token = created.token ?? "";
  const link = created.link ?? "";

  async function doCopy(what: "token" | "link") {
    setFailed(null);
    try {
      await copy(what === "token" ? token : link);
      setCopied(what === "token" ? "Token copied." : "Link copied.");
    } catch {
      setCopied(null);
      setFailed("Could not copy. Select the text and copy it by hand.");
    }
  }

  return (
    <Dialog title="Invite created" onClose={onClose} sticky>
      <p>
        Send this to the person you are inviting ({created.invite.role}). It is shown only once:
        if you lose it, create a new invite.
      </p>
      <label htmlFor="created-token">Token</label>
      <input id="created-token" data-testid="invite-token" readOnly value={token} />
      <label htmlFor="created-link">Link</label>
      <input id="created-link" data-testid="invite-link" readOnly value={link} />
      <div className="row">
        <button type="button" onClick={() => doCopy("token")}>
          Copy token
        </button>
        <button type="button" onClick={() => doCopy("link")}>
          Copy link
        </button>
        <button type="button" onClick={onClose}>
          Done
        </button>
      </div>
      {copied && <p role="status">{copied}</p>}
      {failed && (
        <p role="alert" className="error">
          {failed}
        </p>
      )}
    </Dialog>
  );
}
