import { useState, type FormEvent } from "react";
import { useAction } from "../action";
import { call } from "../api";
import type { BandId } from "../bindings";
import { ErrorMessage } from "../components/ErrorMessage";
import { useCommand } from "../live";

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
      {bands.data && bands.data.length === 0 && <p>You are not in a band yet. Create one, or join with an invite.</p>}
      <ul className="cards">
        {bands.data?.map((b) => (
          <li key={b.id}>
            <button type="button" className="link" onClick={() => openBand(b.id)}>
              {b.name}
            </button>{" "}
            <span className="muted">({b.my_role})</span>
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
