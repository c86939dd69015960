import { UsersRound } from "lucide-react";
import { useState, type FormEvent } from "react";
import { useAction } from "../action";
import { call } from "../api";
import type { BandId } from "../bindings";
import { ErrorMessage } from "../components/ErrorMessage";
import { useCommand } from "../live";
import { Chip } from "../ui/Chip";
import { EmptyState } from "../ui/EmptyState";
import { Skeleton } from "../ui/Skeleton";

/** My bands, and a form to create one. */
export function BandsScreen({ openBand }: { openBand: (id: BandId) => void }) {
  const bands = useCommand("list_my_bands", {});
  const [name, setName] = useState("");
  const create = useAction(
    (n: string) => call("create_band", { name: n }),
    (band) => {
      setName("");
      openBand(band.id);
    },
  );

  function submit(e: FormEvent) {
    e.preventDefault();
    create.start(name);
  }

  return (
    <main>
      <h1>My bands</h1>
      <ErrorMessage error={bands.error} onRetry={() => void bands.refetch()} />
      {!bands.data && !bands.error && <Skeleton rows={2} height="4.5rem" label="Loading your bands" />}
      {bands.data && bands.data.length === 0 && (
        <EmptyState icon={<UsersRound />} title="You are not in a band yet">
          Create one below, or join with an invite someone sent you.
        </EmptyState>
      )}
      <ul className="cards">
        {bands.data?.map((b) => (
          <li key={b.id} className="card band-card">
            <button type="button" className="link truncate" title={b.name} onClick={() => openBand(b.id)}>
              {b.name}
            </button>
            <Chip tone={b.my_role === "admin" ? "accent" : "neutral"}>{b.my_role}</Chip>
          </li>
        ))}
      </ul>
      <form onSubmit={submit} className="inline-form">
        <h2>Create a band</h2>
        <label htmlFor="band-name">Band name</label>
        <input id="band-name" value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit" disabled={create.pending}>
          Create band
        </button>
        <ErrorMessage error={create.error} />
      </form>
    </main>
  );
}
