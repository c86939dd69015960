import { act, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { call, setInvoker } from "../api";
import { InlineRename } from "./InlineRename";

/** The bridge answers rename_band as `answer` says; every call is kept. */
function setup(answer: (args: Record<string, unknown>) => Promise<unknown>, canRename = true) {
  const calls: [string, Record<string, unknown>][] = [];
  setInvoker((name, args) => {
    calls.push([name, args]);
    return answer(args);
  });
  render(
    <InlineRename
      value="The Tuesdays"
      label="Band name"
      save={(name) => call("rename_band", { band_id: 7, name })}
      canRename={canRename}
    >
      <h1>The Tuesdays</h1>
    </InlineRename>,
  );
  return calls;
}

const renamed = (args: Record<string, unknown>) =>
  Promise.resolve({ id: 7, name: args.name, slug: "x", created_at: "2026-12-01T10:00:00Z", my_role: "admin" });

describe("InlineRename", () => {
  it("shows the text and Rename; Rename opens a labelled field with the current text, focused", async () => {
    setup(renamed);
    expect(screen.getByRole("heading", { name: "The Tuesdays" })).toBeTruthy();
    expect(screen.queryByLabelText("Band name")).toBeNull();
    await userEvent.click(screen.getByRole("button", { name: "Rename" }));
    const field = screen.getByLabelText("Band name") as HTMLInputElement;
    expect(field.value).toBe("The Tuesdays");
    expect(document.activeElement).toBe(field);
    expect(screen.getByRole("button", { name: "Save" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "Cancel" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Rename" })).toBeNull();
  });

  it("saves the typed text with Enter, then closes and gives the focus back to Rename", async () => {
    const calls = setup(renamed);
    await userEvent.click(screen.getByRole("button", { name: "Rename" }));
    await userEvent.clear(screen.getByLabelText("Band name"));
    await userEvent.type(screen.getByLabelText("Band name"), "The Wednesdays{Enter}");
    expect(calls).toEqual([["rename_band", { band_id: 7, name: "The Wednesdays" }]]);
    const rename = await screen.findByRole("button", { name: "Rename" });
    expect(screen.queryByLabelText("Band name")).toBeNull();
    expect(document.activeElement).toBe(rename);
  });

  it("saves with the Save button, which is disabled while saving", async () => {
    let finish: (v: unknown) => void = () => {};
    const calls = setup(() => new Promise((ok) => (finish = ok)));
    await userEvent.click(screen.getByRole("button", { name: "Rename" }));
    await userEvent.type(screen.getByLabelText("Band name"), "!");
    const save = screen.getByRole("button", { name: "Save" }) as HTMLButtonElement;
    await userEvent.click(save);
    expect(calls).toEqual([["rename_band", { band_id: 7, name: "The Tuesdays!" }]]);
    expect(save.disabled).toBe(true);
    await act(async () => finish(null));
    expect(screen.queryByLabelText("Band name")).toBeNull();
    expect(screen.getByRole("button", { name: "Rename" })).toBeTruthy();
  });

  it("shows a refusal as an alert next to the field and stays open with the typed text", async () => {
    setup(() => Promise.reject({ code: "invalid_input", message: "A band name cannot be empty.", field: "name" }));
    await userEvent.click(screen.getByRole("button", { name: "Rename" }));
    await userEvent.clear(screen.getByLabelText("Band name"));
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    expect((await screen.findByRole("alert")).textContent).toBe("A band name cannot be empty.");
    const field = screen.getByLabelText("Band name") as HTMLInputElement;
    expect(field.value).toBe("");
    expect(field.getAttribute("aria-invalid")).toBe("true");
    expect((screen.getByRole("button", { name: "Save" }) as HTMLButtonElement).disabled).toBe(false);
  });

  it("cancels with Escape: nothing is saved, the text is as before, the focus back on Rename", async () => {
    const calls = setup(renamed);
    await userEvent.click(screen.getByRole("button", { name: "Rename" }));
    await userEvent.type(screen.getByLabelText("Band name"), "Other{Escape}");
    expect(screen.queryByLabelText("Band name")).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Rename" }));
    expect(calls).toEqual([]);
    await userEvent.click(screen.getByRole("button", { name: "Rename" }));
    expect((screen.getByLabelText("Band name") as HTMLInputElement).value).toBe("The Tuesdays");
  });

  it("cancels with the Cancel button, and a reopened field shows no earlier error", async () => {
    const calls = setup(() => Promise.reject({ code: "forbidden", message: "Only an admin can rename the band." }));
    await userEvent.click(screen.getByRole("button", { name: "Rename" }));
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    await screen.findByRole("alert");
    await userEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(screen.queryByLabelText("Band name")).toBeNull();
    await userEvent.click(screen.getByRole("button", { name: "Rename" }));
    expect(screen.queryByRole("alert")).toBeNull();
    expect(calls).toHaveLength(1);
  });

  it("offers no Rename to someone who may not rename", () => {
    setup(renamed, false);
    expect(screen.getByRole("heading", { name: "The Tuesdays" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Rename" })).toBeNull();
  });
});
