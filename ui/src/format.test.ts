import { describe, expect, it } from "vitest";
import { formatDuration, formatTime } from "./format";

describe("formatTime", () => {
  it("makes one date formatter for every date, not one per date", () => {
    // A formatter per call (what `Date.toLocaleString` with options does) made a version
    // with 4,000 comments hold 600 MB in WebKit.
    const Real = Intl.DateTimeFormat;
    let made = 0;
    Intl.DateTimeFormat = class extends Real {
      constructor(...args: ConstructorParameters<typeof Real>) {
        super(...args);
        made += 1;
      }
    } as typeof Real;
    try {
      const shown = new Set<string>();
      for (let day = 1; day <= 100; day++) {
        shown.add(formatTime(`2026-03-${String((day % 28) + 1).padStart(2, "0")}T20:15:00Z`));
      }
      expect(made).toBe(1);
      expect(shown.size).toBe(28);
    } finally {
      Intl.DateTimeFormat = Real;
    }
  });

  it("shows the date as the user's locale does, and a dash when there is none", () => {
    const at = "2026-03-14T20:15:00Z";
    const expected = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(new Date(at));
    expect(formatTime(at)).toBe(expected);
    expect(formatTime(null)).toBe("—");
    expect(formatTime("not a date")).toBe("not a date");
  });
});

describe("formatDuration", () => {
  it("writes m:ss and h:mm:ss", () => {
    expect(formatDuration(65_000)).toBe("1:05");
    expect(formatDuration(3_725_000)).toBe("1:02:05");
  });
});
