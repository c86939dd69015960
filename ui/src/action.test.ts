import { act, renderHook } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { useAction } from "./action";

/** A command whose answers the test gives, one per call, in any order. */
function controlled() {
  const answers: { ok: () => void; fail: (e: unknown) => void }[] = [];
  const run = () => new Promise<void>((ok, fail) => answers.push({ ok: () => ok(), fail }));
  return { run, answers };
}

describe("useAction", () => {
  it("is pending while the command runs, then calls back on success", async () => {
    const { run, answers } = controlled();
    let succeeded = 0;
    const { result } = renderHook(() => useAction(run, () => (succeeded += 1)));
    act(() => result.current.start());
    expect(result.current.pending).toBe(true);
    await act(async () => answers[0].ok());
    expect(result.current.pending).toBe(false);
    expect(result.current.error).toBeNull();
    expect(succeeded).toBe(1);
  });

  it("keeps a failure as an AppError without calling back, and clears it when started again", async () => {
    const { run, answers } = controlled();
    let succeeded = 0;
    const { result } = renderHook(() => useAction(run, () => (succeeded += 1)));
    act(() => result.current.start());
    await act(async () => answers[0].fail({ code: "forbidden", message: "Only its author can edit a comment." }));
    expect(result.current.error).toEqual({ code: "forbidden", message: "Only its author can edit a comment.", field: undefined });
    expect(succeeded).toBe(0);
    act(() => result.current.start());
    expect(result.current.error).toBeNull();
    expect(result.current.pending).toBe(true);
  });

  it("reports only the latest start: an earlier answer does not end it", async () => {
    const { run, answers } = controlled();
    const { result } = renderHook(() => useAction(run));
    act(() => result.current.start());
    act(() => result.current.start());
    await act(async () => answers[0].fail({ code: "conflict", message: "Someone else changed it." }));
    expect(result.current.pending).toBe(true);
    expect(result.current.error).toBeNull();
    await act(async () => answers[1].ok());
    expect(result.current.pending).toBe(false);
  });
});

describe("useAction's answer", () => {
  it("keeps the last result and hands it to the callback", async () => {
    const got: number[] = [];
    const { result } = renderHook(() => useAction((n: number) => Promise.resolve(n * 2), (r) => got.push(r)));
    expect(result.current.succeeded).toBe(false);
    await act(async () => result.current.start(21));
    expect(result.current.data).toBe(42);
    expect(result.current.succeeded).toBe(true);
    expect(got).toEqual([42]);
  });

  it("reset forgets a pending start: its answer changes nothing and calls nothing", async () => {
    const { run, answers } = controlled();
    let succeeded = 0;
    const { result } = renderHook(() => useAction(run, () => (succeeded += 1)));
    act(() => result.current.start());
    act(() => result.current.reset());
    expect(result.current.pending).toBe(false);
    await act(async () => answers[0].ok());
    expect(result.current.succeeded).toBe(false);
    expect(succeeded).toBe(0);
  });

  it("a command that throws before it starts fails like any other", async () => {
    const { result } = renderHook(() =>
      useAction((): Promise<void> => {
        throw new TypeError("no user yet");
      }),
    );
    await act(async () => result.current.start());
    expect(result.current.pending).toBe(false);
    expect(result.current.error?.code).toBe("internal");
  });
});
