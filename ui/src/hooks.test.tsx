import { render, renderHook } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useShortcut } from "./hooks";

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

/** Whether each key press's default was prevented, as seen after every listener before it. */
function watchDefaults(): boolean[] {
  const prevented: boolean[] = [];
  const listener = (e: KeyboardEvent) => prevented.push(e.defaultPrevented);
  window.addEventListener("keydown", listener);
  cleanups.push(() => window.removeEventListener("keydown", listener));
  return prevented;
}

function fields() {
  render(
    <>
      <input aria-label="Text" />
      <input aria-label="Slider" type="range" />
      <textarea aria-label="Area" />
      <button type="button">Button</button>
    </>,
  );
}

test("a shortcut runs for its keys outside fields, without Ctrl, and prevents their default", async () => {
  fields();
  const seen: string[] = [];
  renderHook(() => useShortcut(["c", "C", "Space"], (e) => void seen.push(e.key)));
  const defaults = watchDefaults();
  const user = userEvent.setup();
  await user.keyboard("c{Shift>}C{/Shift}x {Control>}c{/Control}");
  expect(seen).toEqual(["c", "C", " "]);
  // c, Shift, C, x, space, Control, Ctrl+c: only the three shortcut presses are prevented.
  expect(defaults).toEqual([true, false, true, false, true, false, false]);
});

test("a shortcut ignores keys typed into fields, except inputs of the types it also works on", async () => {
  fields();
  const plain: string[] = [];
  const onSliders: string[] = [];
  renderHook(() => useShortcut(["c"], () => void plain.push("c")));
  renderHook(() => useShortcut(["c"], () => void onSliders.push("c"), ["range"]));
  const user = userEvent.setup();
  for (const field of ["Text", "Slider", "Area"]) {
    (document.querySelector(`[aria-label='${field}']`) as HTMLElement).focus();
    await user.keyboard("c");
  }
  expect(plain).toEqual([]);
  expect(onSliders).toEqual(["c"]);
  document.querySelector("button")!.focus();
  await user.keyboard("c");
  expect(plain).toEqual(["c"]);
});

test("a shortcut that returns false leaves the key's default alone", async () => {
  renderHook(() => useShortcut(["c"], () => false));
  const defaults = watchDefaults();
  await userEvent.keyboard("c");
  expect(defaults).toEqual([false]);
});
