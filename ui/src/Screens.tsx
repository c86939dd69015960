import type { BandId, Place } from "./bindings";
import { AboutScreen } from "./screens/AboutScreen";
import { BandPage } from "./screens/BandPage";
import { BandsScreen } from "./screens/BandsScreen";
import { InboxScreen } from "./screens/InboxScreen";
import { JoinScreen } from "./screens/JoinScreen";
import { SettingsScreen } from "./screens/SettingsScreen";

/** The screen shown to a signed-in user. */
export type View =
  | { name: "bands" }
  | { name: "band"; id: BandId }
  | { name: "join"; initial: string; seq: number }
  | { name: "inbox" }
  | { name: "settings" }
  | { name: "about" };

/** The screen `view` names; `onOpen` moves to another. */
export function Screens({
  view,
  onOpen,
  version,
  dataDir,
  place,
  keychainProblem,
}: {
  view: View;
  onOpen: (view: View) => void;
  version: string;
  dataDir: string;
  place: Place;
  keychainProblem: string | null;
}) {
  const openBand = (id: BandId) => onOpen({ name: "band", id });
  return (
    <>
      {view.name === "bands" && <BandsScreen openBand={openBand} />}
      {view.name === "band" && <BandPage key={view.id} bandId={view.id} onLeft={() => onOpen({ name: "bands" })} />}
      {view.name === "join" && <JoinScreen key={view.seq} initial={view.initial} openBand={openBand} />}
      {view.name === "inbox" && <InboxScreen openBand={openBand} />}
      {view.name === "settings" && <SettingsScreen keychainProblem={keychainProblem} />}
      {view.name === "about" && <AboutScreen version={version} dataDir={dataDir} place={place} />}
    </>
  );
}
