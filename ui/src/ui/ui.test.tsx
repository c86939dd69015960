import { act, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { vi } from "vitest";
import { ShortcutsOverlay } from "../components/ShortcutsOverlay";
import { setThemeChoice, startTheme, themeChoice } from "../theme";
import { Menu } from "./Menu";

test("a menu opens on its button, arrows move, Escape closes and gives focus back", async () => {
  const chosen = vi.fn();
  render(
    <Menu
      trigger="Options"
      items={[
        { label: "First", onSelect: () => chosen("first") },
        { label: "Second", onSelect: () => chosen("second") },
      ]}
    />,
  );
  const button = screen.getByRole("button", { name: "Options" });
  expect(button.getAttribute("aria-expanded")).toBe("false");
  await userEvent.click(button);
  expect(button.getAttribute("aria-expanded")).toBe("true");
  expect(document.activeElement?.textContent).toBe("First");
  await userEvent.keyboard("{ArrowDown}");
  expect(document.activeElement?.textContent).toBe("Second");
  await userEvent.keyboard("{ArrowDown}");
  expect(document.activeElement?.textContent).toBe("First");
  await userEvent.keyboard("{Escape}");
  expect(screen.queryByRole("menu")).toBeNull();
  expect(document.activeElement).toBe(button);
  await userEvent.click(button);
  await userEvent.click(screen.getByRole("menuitem", { name: "Second" }));
  expect(chosen).toHaveBeenCalledWith("second");
  expect(chosen).toHaveBeenCalledTimes(1);
});

test("the theme follows the system until chosen, and the choice is kept", () => {
  let dark = true;
  window.matchMedia = ((q: string) => ({ matches: dark && q.includes("dark"), addEventListener() {} })) as never;
  setThemeChoice("system");
  startTheme();
  expect(document.documentElement.dataset.theme).toBe("dark");
  setThemeChoice("light");
  expect(document.documentElement.dataset.theme).toBe("light");
  expect(themeChoice()).toBe("light");
  dark = false;
  setThemeChoice("dark");
  expect(document.documentElement.dataset.theme).toBe("dark");
  setThemeChoice("system");
  expect(document.documentElement.dataset.theme).toBe("light");
  expect(localStorage.getItem("rh.theme")).toBeNull();
});

test("? opens the list of keys, Escape closes it", async () => {
  render(<ShortcutsOverlay />);
  expect(screen.queryByRole("dialog")).toBeNull();
  await userEvent.keyboard("?");
  const dialog = screen.getByRole("dialog", { name: "Keyboard shortcuts" });
  expect(dialog.textContent).toContain("Play or pause");
  expect(dialog.textContent).toContain("Comment at the playhead");
  await act(async () => userEvent.keyboard("{Escape}"));
  expect(screen.queryByRole("dialog")).toBeNull();
});
