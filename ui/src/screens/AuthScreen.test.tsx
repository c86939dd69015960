import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { vi } from "vitest";
import { setInvoker } from "../api";
import type { User } from "../bindings";
import { AuthScreen } from "./AuthScreen";

/** The form's submit button (the tab above it reads "Sign in" too). */
function submitButton(): HTMLElement {
  const b = screen.getAllByRole("button", { name: "Sign in" }).find((e) => e.getAttribute("type") === "submit");
  if (!b) throw new Error("no submit button");
  return b;
}

const ada: User = { id: 1, username: "ada", display_name: "Ada" };

test("a server that does not answer is announced with a Try again that connects again", async () => {
  const calls: [string, Record<string, unknown>][] = [];
  let up = false;
  setInvoker(async (name, args) => {
    calls.push([name, args]);
    if (name === "connect") {
      if (!up) throw { code: "internal", message: "Cannot reach the server at 10.0.0.9:8080." };
      return { place: { kind: "server", url: "http://10.0.0.9:8080/" }, unencrypted: null };
    }
    if (name === "sign_in") return ada;
    throw new Error(`unexpected ${name}`);
  });
  const signedIn = vi.fn();
  const user = userEvent.setup();
  render(<AuthScreen place={{ kind: "this_computer" }} onSignedIn={signedIn} />);

  await user.click(screen.getByLabelText("A server"));
  await user.type(screen.getByLabelText("Server address"), "10.0.0.9:8080");
  await user.type(screen.getByLabelText("Username"), "ada");
  await user.type(screen.getByLabelText("Password"), "long enough");
  await user.click(submitButton());

  expect((await screen.findByRole("alert")).textContent).toContain("Cannot reach the server at 10.0.0.9:8080.");
  expect(calls.map(([n]) => n)).toEqual(["connect"]);
  expect(signedIn).not.toHaveBeenCalled();

  up = true;
  await user.click(screen.getByRole("button", { name: "Try again" }));
  await vi.waitFor(() =>
    expect(signedIn).toHaveBeenCalledWith(ada, { kind: "server", url: "http://10.0.0.9:8080/" }, null),
  );
  expect(calls).toEqual([
    ["connect", { server: "10.0.0.9:8080" }],
    ["connect", { server: "10.0.0.9:8080" }],
    ["sign_in", { username: "ada", password: "long enough", allow_unencrypted: null }],
  ]);
  expect(screen.queryByRole("alert")).toBeNull();
});

test("this computer connects with no server, and a wrong password offers no Try again", async () => {
  const calls: [string, Record<string, unknown>][] = [];
  setInvoker(async (name, args) => {
    calls.push([name, args]);
    if (name === "connect") return { place: { kind: "this_computer" }, unencrypted: null };
    throw { code: "unauthenticated", message: "Wrong username or password." };
  });
  const user = userEvent.setup();
  render(<AuthScreen place={{ kind: "server", url: "http://10.0.0.9:8080/" }} onSignedIn={() => {}} />);

  // The saved server is preselected, with its address.
  expect((screen.getByLabelText("Server address") as HTMLInputElement).value).toBe("http://10.0.0.9:8080/");
  await user.click(screen.getByLabelText("This computer"));
  expect(screen.queryByLabelText("Server address")).toBeNull();
  await user.type(screen.getByLabelText("Username"), "ada");
  await user.type(screen.getByLabelText("Password"), "wrong one!");
  await user.click(submitButton());

  expect((await screen.findByRole("alert")).textContent).toContain("Wrong username or password.");
  expect(screen.queryByRole("button", { name: "Try again" })).toBeNull();
  expect(calls[0]).toEqual(["connect", { server: null }]);
});

test("a password that would travel unencrypted is sent only after the warning is read and accepted", async () => {
  const calls: [string, Record<string, unknown>][] = [];
  const warning = "band.example.org:8080 is reached over plain http:// across the internet.";
  setInvoker(async (name, args) => {
    calls.push([name, args]);
    if (name === "connect") return { place: { kind: "server", url: "http://band.example.org:8080/" }, unencrypted: warning };
    if (name === "sign_in") return ada;
    throw new Error(`unexpected ${name}`);
  });
  const signedIn = vi.fn();
  const user = userEvent.setup();
  render(<AuthScreen place={{ kind: "this_computer" }} onSignedIn={signedIn} />);

  await user.click(screen.getByLabelText("A server"));
  await user.type(screen.getByLabelText("Server address"), "band.example.org:8080");
  await user.type(screen.getByLabelText("Username"), "ada");
  await user.type(screen.getByLabelText("Password"), "long enough");
  await user.click(submitButton());

  const alert = await screen.findByTestId("unencrypted-warning");
  expect(alert.getAttribute("role")).toBe("alert");
  expect(alert.textContent).toContain("Your password would travel unencrypted.");
  expect(alert.textContent).toContain(warning);
  // Nothing was sent but the connection check.
  expect(calls.map(([n]) => n)).toEqual(["connect"]);
  expect(signedIn).not.toHaveBeenCalled();

  // Another address is judged anew: the warning goes, and comes back on the next try.
  await user.type(screen.getByLabelText("Server address"), "0");
  expect(screen.queryByTestId("unencrypted-warning")).toBeNull();
  await user.click(submitButton());
  await screen.findByTestId("unencrypted-warning");
  expect(calls.map(([n]) => n)).toEqual(["connect", "connect"]);

  await user.click(screen.getByRole("button", { name: "Send it unencrypted anyway" }));
  await vi.waitFor(() =>
    expect(signedIn).toHaveBeenCalledWith(ada, { kind: "server", url: "http://band.example.org:8080/" }, warning),
  );
  expect(calls[calls.length - 1]).toEqual([
    "sign_in",
    { username: "ada", password: "long enough", allow_unencrypted: true },
  ]);
});
