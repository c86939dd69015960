import { setThemeChoice, useThemeChoice, type ThemeChoice } from "../theme";

const THEMES: [ThemeChoice, string][] = [
  ["system", "Match the system"],
  ["light", "Light"],
  ["dark", "Dark"],
];

/** This computer's choices: the theme, and how sessions are kept. */
export function SettingsScreen({ keychainProblem }: { keychainProblem: string | null }) {
  const theme = useThemeChoice();
  return (
    <main aria-labelledby="settings-title">
      <h1 id="settings-title">Settings</h1>
      <fieldset>
        <legend>Theme</legend>
        {THEMES.map(([value, label]) => (
          <label key={value}>
            <input type="radio" name="theme" value={value} checked={theme === value} onChange={() => setThemeChoice(value)} />
            {label}
          </label>
        ))}
      </fieldset>
      <h2>Signing in</h2>
      {keychainProblem ? (
        <p className="warning" data-testid="keychain-setting">
          {keychainProblem}
        </p>
      ) : (
        <p className="muted" data-testid="keychain-setting">
          Your session is kept in this computer's keychain, so the app opens signed in.
        </p>
      )}
    </main>
  );
}
