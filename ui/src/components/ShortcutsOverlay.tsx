// The keys the app answers, on `?`: the player's anywhere, the version view's while a version
// is open. The list is the keys the hooks are given (PlayerBar, VersionView), kept here for
// people; a key added there is added here.
import { useState } from "react";
import { useShortcut } from "../hooks";
import { Dialog } from "../ui/Dialog";

const KEYS: [string, string, string][] = [
  ["Player", "Space", "Play or pause"],
  ["Player", "← / →", "Back or forward 5 seconds"],
  ["Version view", "C", "Comment at the playhead, or on the range dragged"],
  ["Version view", "[ / ]", "Start or end a range at the playhead"],
  ["Version view", "Drag on the waveform", "Choose a range"],
  ["Menus and tabs", "↑ / ↓ · ← / →", "Move between items or tabs"],
  ["Everywhere", "Esc", "Close a menu or dialog"],
  ["Everywhere", "?", "This list"],
];

export function ShortcutsOverlay() {
  const [open, setOpen] = useState(false);
  useShortcut(["?"], () => setOpen(true));
  if (!open) return null;
  return (
    <Dialog title="Keyboard shortcuts" onClose={() => setOpen(false)}>
      {["Player", "Version view", "Menus and tabs", "Everywhere"].map((group) => (
        <div key={group}>
          <h3>{group}</h3>
          <dl className="shortcuts">
            {KEYS.filter(([g]) => g === group).map(([, key, what]) => (
              <div key={key}>
                <dt>
                  <kbd>{key}</kbd>
                </dt>
                <dd>{what}</dd>
              </div>
            ))}
          </dl>
        </div>
      ))}
      <div className="row">
        <button type="button" onClick={() => setOpen(false)}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
