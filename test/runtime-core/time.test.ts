import { describe, expect, it, vi } from "vitest";
import {
  TimeRangeError,
  createFakeClock,
  cpuTimeMs,
  cpuTimeNs,
  cpuTimeUs,
  ctime,
  gettimeofdayMs,
  gettimeofdayNs,
  gettimeofdayS,
  gettimeofdayUs,
  monotonicNs,
  realClock,
  startUptime,
} from "../../runtime-core/time.js";
import { ProbeError } from "../../runtime-core/errors.js";

describe("ctime", () => {
  it("formats the epoch and known dates in SystemTap's 24-character UTC form", () => {
    expect(ctime(0)).toBe("Thu Jan  1 00:00:00 1970");
    expect(ctime(-1)).toBe("Wed Dec 31 23:59:59 1969");
    expect(ctime(1234567890)).toBe("Fri Feb 13 23:31:30 2009");
    expect(ctime(1234567890n)).toBe("Fri Feb 13 23:31:30 2009");
    expect(ctime(951782400)).toBe("Tue Feb 29 00:00:00 2000");
    for (const s of [0, -1, 1234567890, 86400 * 9, 2147483647, -2147483648]) expect(ctime(s)).toHaveLength(24);
  });

  it("accepts exactly the 32-bit range", () => {
    expect(ctime(2147483647)).toBe("Tue Jan 19 03:14:07 2038");
    expect(ctime(-2147483648)).toBe("Fri Dec 13 20:45:52 1901");
  });

  it("raises SystemTap's errors outside the 32-bit range", () => {
    expect(() => ctime(2147483648)).toThrow(new TimeRangeError(2147483648n));
    expect(() => ctime(2147483648)).toThrow("Time too far in the future to be converted");
    expect(() => ctime(2n ** 62n)).toThrow("Time too far in the future to be converted");
    expect(() => ctime(-2147483649)).toThrow("Time too far in the past to be converted");
    expect(() => ctime(-2147483649n)).toThrow(ProbeError);
  });

  it("rejects a non-integer", () => {
    expect(() => ctime(1.5)).toThrow("invalid long: 1.5");
  });

  it("without an argument formats the clock's current time", () => {
    const clock = createFakeClock({ wallNs: 1234567890_999_999_999n });
    expect(ctime(undefined, clock)).toBe("Fri Feb 13 23:31:30 2009");
  });
});

describe("fake clock", () => {
  it("starts at the given readings and moves only when told", () => {
    const clock = createFakeClock({ wallNs: 1_700_000_000_123_456_789n, monotonicNs: 5n, cpuNs: 7_000_000n });
    expect(gettimeofdayNs(clock)).toBe(1_700_000_000_123_456_789n);
    expect(gettimeofdayUs(clock)).toBe(1_700_000_000_123_456);
    expect(gettimeofdayMs(clock)).toBe(1_700_000_000_123);
    expect(gettimeofdayS(clock)).toBe(1_700_000_000);
    expect(monotonicNs(clock)).toBe(5n);
    expect(cpuTimeNs(clock)).toBe(7_000_000n);
    expect(cpuTimeUs(clock)).toBe(7000);
    expect(cpuTimeMs(clock)).toBe(7);
    expect(gettimeofdayNs(clock)).toBe(1_700_000_000_123_456_789n);

    clock.advance(1_000_000_001n);
    expect(gettimeofdayNs(clock)).toBe(1_700_000_001_123_456_790n);
    expect(monotonicNs(clock)).toBe(1_000_000_006n);
    expect(cpuTimeNs(clock)).toBe(7_000_000n);
    clock.advanceCpu(500);
    expect(cpuTimeNs(clock)).toBe(7_000_500n);
  });

  it("keeps nanoseconds exact beyond 2^53", () => {
    const clock = createFakeClock({ wallNs: 2n ** 62n + 1n });
    expect(gettimeofdayNs(clock)).toBe(2n ** 62n + 1n);
    expect(gettimeofdayNs(clock) + 1n - 2n ** 62n).toBe(2n);
  });

  it("truncates toward zero before the epoch, as SystemTap's division does", () => {
    const clock = createFakeClock({ wallNs: -1_500_000_001n });
    expect(gettimeofdayUs(clock)).toBe(-1_500_000);
    expect(gettimeofdayMs(clock)).toBe(-1500);
    expect(gettimeofdayS(clock)).toBe(-1);
  });

  it("lets the wall clock step backwards but not the monotonic clock", () => {
    const clock = createFakeClock({ wallNs: 10n, monotonicNs: 10n });
    clock.setWallNs(3);
    expect(gettimeofdayNs(clock)).toBe(3n);
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(() => clock.advanceCpu(-1n)).toThrow(RangeError);
    expect(monotonicNs(clock)).toBe(10n);
  });

  it("measures time since a start point", () => {
    const clock = createFakeClock({ monotonicNs: 100n });
    const up = startUptime(clock);
    expect(up.startNs).toBe(100n);
    expect(up.ns()).toBe(0n);
    clock.advance(2_500_000_000n);
    expect(up.ns()).toBe(2_500_000_000n);
    expect(up.us()).toBe(2_500_000);
    expect(up.ms()).toBe(2500);
    expect(up.s()).toBe(2);
  });
});

describe("real clock", () => {
  it("agrees with Date.now() and between its units", () => {
    const before = Date.now();
    const ns = gettimeofdayNs();
    const us = gettimeofdayUs();
    const ms = gettimeofdayMs();
    const s = gettimeofdayS();
    const after = Date.now();
    expect(typeof ns).toBe("bigint");
    expect(Number(ns / 1_000_000n)).toBeGreaterThanOrEqual(before - 2);
    expect(Number(ns / 1_000_000n)).toBeLessThanOrEqual(after + 2);
    expect(Number.isInteger(us)).toBe(true);
    expect(Math.floor(us / 1000)).toBeGreaterThanOrEqual(before - 2);
    expect(ms).toBeGreaterThanOrEqual(before - 2);
    expect(ms).toBeLessThanOrEqual(after + 2);
    expect(Math.abs(s - Math.floor(after / 1000))).toBeLessThanOrEqual(1);
  });

  it("has a monotonic clock and a CPU clock that do not go backwards", () => {
    const a = monotonicNs();
    const c = cpuTimeNs();
    let x = 0;
    for (let i = 0; i < 100_000; i++) x += Math.sqrt(i);
    expect(x).toBeGreaterThan(0);
    expect(monotonicNs(realClock)).toBeGreaterThan(a);
    expect(cpuTimeNs(realClock)).toBeGreaterThanOrEqual(c);
    expect(cpuTimeNs() % 1000n).toBe(0n);
  });

  it("follows a step of the system clock", () => {
    const realNow = Date.now.bind(Date);
    const spy = vi.spyOn(Date, "now").mockImplementation(() => realNow() + 3_600_000);
    try {
      const start = monotonicNs();
      // the real clock compares itself with Date.now() after 10 ms of monotonic time
      while (monotonicNs() - start < 12_000_000n) gettimeofdayUs();
      const ms = gettimeofdayMs();
      expect(Math.abs(ms - (realNow() + 3_600_000))).toBeLessThanOrEqual(50);
      expect(Math.abs(Number(gettimeofdayNs() / 1_000_000n) - (realNow() + 3_600_000))).toBeLessThanOrEqual(50);
    } finally {
      spy.mockRestore();
    }
    const start = monotonicNs();
    while (monotonicNs() - start < 12_000_000n) gettimeofdayNs();
    expect(Math.abs(gettimeofdayMs() - Date.now())).toBeLessThanOrEqual(50);
  });
});
