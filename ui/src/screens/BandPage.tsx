// A band's page opens on its music: the songs with their versions, and its rehearsals with
// their takes in order. Members, invites and
// (for admins) the activity log are tabs of their own; a version opens in its own view
// with a large waveform, its comment pins and its comments. An admin renames the band at
// its heading.
import { ArrowLeft } from "lucide-react";
import { useState } from "react";
import { call } from "../api";
import type { BandId, VersionId } from "../bindings";
import { ErrorMessage } from "../components/ErrorMessage";
import { InlineRename } from "../components/InlineRename";
import { useCommand } from "../live";
import { Activity, DirectInvite, Invites, Members } from "./BandAdmin";
import { Rehearsals } from "./Rehearsals";
import { Songs } from "./Songs";
import { VersionView } from "./VersionView";
import { Button } from "../ui/Button";
import { Chip } from "../ui/Chip";
import { Skeleton } from "../ui/Skeleton";
import { Tabs } from "../ui/Tabs";

type Tab = "songs" | "rehearsals" | "members" | "invites" | "activity";

export function BandPage({ bandId, onLeft }: { bandId: BandId; onLeft: () => void }) {
  const band = useCommand("view_band", { band_id: bandId });
  const [tab, setTab] = useState<Tab>("songs");
  const [opened, setOpened] = useState<VersionId | null>(null);
  if (band.error?.code === "forbidden") {
    // Removed while the page was open (the change arrived live), or a stale link.
    return (
      <main>
        <p role="alert" className="error">
          You are no longer a member of this band.
        </p>
        <Button icon={<ArrowLeft />} onClick={onLeft}>
          Back to my bands
        </Button>
      </main>
    );
  }
  if (band.error) return <main><ErrorMessage error={band.error} onRetry={() => void band.refetch()} /></main>;
  if (!band.data)
    return (
      <main>
        <Skeleton rows={1} height="2.5rem" label="Loading the band" />
      </main>
    );
  const isAdmin = band.data.my_role === "admin";
  const tabs: [Tab, string][] = [
    ["songs", "Songs"],
    ["rehearsals", "Rehearsals"],
    ["members", "Members"],
    ["invites", "Invites"],
    ...(isAdmin ? ([["activity", "Activity"]] as [Tab, string][]) : []),
  ];
  const show = (t: Tab) => {
    setTab(t);
    setOpened(null);
  };
  return (
    <main>
      <div className="band-head">
        <InlineRename
          value={band.data.name}
          label="Band name"
          save={(name) => call("rename_band", { band_id: bandId, name })}
          canRename={isAdmin}
        >
          <h1>{band.data.name}</h1>
        </InlineRename>
        <p className="muted">
          <Chip tone={isAdmin ? "accent" : "neutral"}>{isAdmin ? "Admin" : "Member"}</Chip> You are{" "}
          {isAdmin ? "an admin" : "a member"} of this band.
        </p>
      </div>
      <Tabs label="Band" tabs={tabs} selected={tab} onSelect={show} />
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === "songs" &&
          (opened != null ? (
            <VersionView band={band.data} versionId={opened} onClose={() => setOpened(null)} />
          ) : (
            <Songs band={band.data} onOpen={setOpened} />
          ))}
        {tab === "rehearsals" && <Rehearsals band={band.data} />}
        {tab === "members" && <Members band={band.data} onLeft={onLeft} />}
        {tab === "invites" && (
          <>
            <Invites band={band.data} />
            {isAdmin && <DirectInvite band={band.data} />}
          </>
        )}
        {tab === "activity" && isAdmin && <Activity band={band.data} />}
      </div>
    </main>
  );
}
