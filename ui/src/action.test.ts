import { act, renderHook } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { useAction } from "./action";

describe("useAction", () => {
  it("is pending while the command runs, then calls back on success", async () => {
    let finish: () => void = () => {};
    let succeeded = 0;
    const { result } = renderHook(() =>
      useAction(
        (n: number) => new Promise<number>((resolve) => (finish = () => resolve(n))),
        () => (succeeded += 1),
      ),
    );
    act(() => result.current.start(3));
    expect(result.current.pending).toBe(true);
    await act(async () => finish());
    expect(result.current.pending).toBe(false);
    expect(result.current.error).toBeNull();
    expect(succeeded).toBe(1);
  });

  it("keeps the command's error as an AppError, and clears it on the next start", async () => {
    let fail = true;
    const { result } = renderHook(() =>
      useAction(() => (fail ? Promise.reject({ code: "forbidden", message: "Only its author can edit a comment." }) : Promise.resolve())),
    );
    await act(async () => result.current.start());
    expect(result.current.error).toEqual({ code: "forbidden", message: "Only its author can edit a comment.", field: undefined });
    fail = false;
    await act(async () => result.current.start());
    expect(result.current.error).toBeNull();
    expect(result.current.pending).toBe(false);
  });
});
