// The typed bridge to the Rust commands. Every call goes through `call`, whose argument and
// result types come from the generated bindings, so a renamed field fails `tsc`.
import { invoke } from "@tauri-apps/api/core";
import type { AppError, Commands } from "./bindings";

export type { AppError };

const CODES = new Set([
  "unauthenticated",
  "forbidden",
  "not_found",
  "conflict",
  "gone",
  "invalid_input",
  "rate_limited",
  "internal",
]);

/** Whatever a command rejected with, as an AppError; never a raw Rust string or stack. */
export function toAppError(e: unknown): AppError {
  if (typeof e === "object" && e !== null && "code" in e && "message" in e) {
    const { code, message, field } = e as { code: string; message: string; field?: string };
    if (CODES.has(code)) return { code: code as AppError["code"], message, field };
  }
  return { code: "internal", message: "Something went wrong. Please try again." };
}

type Invoker = (name: string, args: Record<string, unknown>) => Promise<unknown>;
let invoker: Invoker = (name, args) => invoke(name, args);

/** Tests replace the bridge. */
export function setInvoker(fn: Invoker) {
  invoker = fn;
}

export async function call<K extends keyof Commands>(
  name: K,
  args: Commands[K]["args"],
): Promise<Commands[K]["result"]> {
  try {
    return (await invoker(name, args as Record<string, unknown>)) as Commands[K]["result"];
  } catch (e) {
    throw toAppError(e);
  }
}

// Every query and mutation fails with an AppError (see `call`).
declare module "@tanstack/react-query" {
  interface Register {
    defaultError: AppError;
  }
}
