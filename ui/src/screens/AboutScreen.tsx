import type { Place } from "../bindings";

/** What this app is, which version, and where it keeps the band's data. */
export function AboutScreen({ version, dataDir, place }: { version: string; dataDir: string; place: Place }) {
  return (
    <main aria-labelledby="about-title" className="about">
      <h1 id="about-title">About RehearsalHub</h1>
      <dl>
        <dt>Version</dt>
        <dd data-testid="app-version">{version}</dd>
        <dt>Bands live</dt>
        <dd>{place.kind === "server" ? `on the server ${place.url}` : "on this computer"}</dd>
        <dt>Data folder</dt>
        <dd>
          <code>{dataDir}</code>
        </dd>
      </dl>
      <p className="muted">
        Your recordings, comments and settings stay in the data folder when the app is removed.
      </p>
    </main>
  );
}
