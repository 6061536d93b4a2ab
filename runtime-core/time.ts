/**
 * Time for probes: SystemTap's gettimeofday_{s,ms,us,ns}, a monotonic clock, the process CPU
 * time, time since a start point, and `ctime`.
 *
 * Guarantees:
 * - Every function takes an optional `Clock` (default `realClock`), so tests pass a fake one
 *   (`createFakeClock`) and get deterministic values; nothing reads a global clock setting.
 * - Nanosecond values are bigint (exact: wall-clock ns exceed 2^53). Microsecond and coarser
 *   values are numbers, exact integers (wall-clock us stay below 2^53 until the year 2255).
 * - Coarser units are the ns value divided with truncation toward zero, as SystemTap's
 *   `gettimeofday_us() = gettimeofday_ns() / 1000`, so the units of one clock always agree.
 * - The real wall clock has nanosecond resolution (the monotonic clock anchored to the wall
 *   clock) and follows the system clock to within ~1 ms: every 10 ms of use it compares itself
 *   with Date.now() and re-anchors when it is further off (NTP step, suspend), so successive
 *   wall readings may go backwards, as gettimeofday's can. A reading costs one hrtime call.
 *   The monotonic clock never goes backwards.
 * - `ctime(s)` is SystemTap's 24-character UTC form for -2^31 .. 2^31-1 and raises
 *   `TimeRangeError` ("Time too far in the past/future to be converted") outside.
 */
import { InvalidLongError, ProbeError } from "./errors.js";
import type { LongInput } from "./int64.js";

/** A source of time. `realClock` reads the system; `createFakeClock` is for tests. */
export interface Clock {
  /** Wall clock, ns since the Unix epoch (UTC), exact. */
  wallNs(): bigint;
  /** Wall clock, us since the Unix epoch (= wallNs() / 1000, truncated), an exact integer. */
  wallUs(): number;
  /** Monotonic ns from an arbitrary origin; never decreases. */
  monotonicNs(): bigint;
  /** CPU time (user + system) consumed by this process, ns. */
  cpuNs(): bigint;
}

/** A clock that moves only when told to. */
export interface FakeClock extends Clock {
  /** Moves the wall and the monotonic clock forward by `ns` (>= 0). */
  advance(ns: LongInput): void;
  /** Sets the wall clock (may go backwards, as a system clock step does). */
  setWallNs(ns: LongInput): void;
  /** Adds `ns` (>= 0) of CPU time. */
  advanceCpu(ns: LongInput): void;
}

export interface FakeClockInit {
  /** Default 0 (the epoch). */
  readonly wallNs?: LongInput;
  /** Default 0. */
  readonly monotonicNs?: LongInput;
  /** Default 0. */
  readonly cpuNs?: LongInput;
}

/** `ctime` of a time outside the 32-bit range. */
export class TimeRangeError extends ProbeError {
  override name = "TimeRangeError";
  constructor(readonly seconds: bigint) {
    super(`Time too far in the ${seconds < 0n ? "past" : "future"} to be converted`);
  }
}

const NS_PER_US = 1000n;
const NS_PER_MS = 1_000_000n;
const NS_PER_S = 1_000_000_000n;

/** Integer division truncating toward zero for exact integer doubles (no rounding surprises). */
function truncDiv(x: number, d: number): number {
  return (x - (x % d)) / d;
}

/** How often the real wall clock compares itself with the system clock (10 ms, in ns). */
const SYNC_INTERVAL_NS = 10_000_000;

function createRealClock(): Clock {
  // Wall time = anchor + monotonic time since the anchor. The anchor is one instant seen by
  // both clocks; performance.timeOrigin has sub-millisecond precision where Date.now() has
  // only milliseconds. anchorWallNs stays a multiple of 1000, so anchorWallUs is exact.
  let anchorMonoNs = process.hrtime.bigint();
  let anchorWallNs = BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000)) * NS_PER_US;
  let anchorWallUs = Number(anchorWallNs / NS_PER_US);

  /**
   * Every SYNC_INTERVAL_NS: moves the anchor forward (keeps the delta small enough for exact
   * double arithmetic), or re-anchors on Date.now() when the system clock was stepped.
   * Returns the delta from the (new) anchor.
   */
  function sync(deltaNs: number): number {
    const dateMs = Date.now();
    const derivedMs = Math.floor((anchorWallUs + Math.floor(deltaNs / 1000)) / 1000);
    if (derivedMs >= dateMs - 1 && derivedMs <= dateMs + 1) {
      const step = deltaNs - (deltaNs % 1000);
      anchorMonoNs += BigInt(step);
      anchorWallNs += BigInt(step);
      anchorWallUs += step / 1000;
      return deltaNs - step;
    }
    anchorMonoNs = process.hrtime.bigint();
    // Date.now() floors to the millisecond: the middle of that millisecond is the best guess.
    anchorWallNs = BigInt(dateMs) * NS_PER_MS + 500_000n;
    anchorWallUs = dateMs * 1000 + 500;
    return 0;
  }

  return {
    wallNs(): bigint {
      let d = process.hrtime.bigint() - anchorMonoNs;
      if (d >= SYNC_INTERVAL_NS) d = BigInt(sync(Number(d)));
      return anchorWallNs + d;
    },
    wallUs(): number {
      let d = Number(process.hrtime.bigint() - anchorMonoNs);
      if (d >= SYNC_INTERVAL_NS) d = sync(d);
      return anchorWallUs + Math.floor(d / 1000);
    },
    monotonicNs(): bigint {
      return process.hrtime.bigint();
    },
    cpuNs(): bigint {
      const u = process.cpuUsage();
      return BigInt(u.user + u.system) * NS_PER_US;
    },
  };
}

/** The system clocks. */
export const realClock: Clock = createRealClock();

function nonNegative(ns: LongInput, what: string): bigint {
  const v = toBig(ns);
  if (v < 0n) throw new RangeError(`${what} must not go backwards (${v} ns)`);
  return v;
}

function toBig(v: LongInput): bigint {
  if (typeof v === "bigint") return v;
  if (!Number.isSafeInteger(v)) throw new InvalidLongError(v);
  return BigInt(v);
}

/** A deterministic clock for tests; all readings start at `init` (default 0) and move on demand. */
export function createFakeClock(init: FakeClockInit = {}): FakeClock {
  let wall = toBig(init.wallNs ?? 0n);
  let mono = toBig(init.monotonicNs ?? 0n);
  let cpu = toBig(init.cpuNs ?? 0n);
  return {
    wallNs: () => wall,
    wallUs: () => Number(wall / NS_PER_US),
    monotonicNs: () => mono,
    cpuNs: () => cpu,
    advance(ns: LongInput): void {
      const d = nonNegative(ns, "the clock");
      wall += d;
      mono += d;
    },
    setWallNs(ns: LongInput): void {
      wall = toBig(ns);
    },
    advanceCpu(ns: LongInput): void {
      cpu += nonNegative(ns, "CPU time");
    },
  };
}

/** Wall clock in ns since the epoch (SystemTap `gettimeofday_ns`). */
export function gettimeofdayNs(clock: Clock = realClock): bigint {
  return clock.wallNs();
}

/** Wall clock in us since the epoch (SystemTap `gettimeofday_us`). */
export function gettimeofdayUs(clock: Clock = realClock): number {
  return clock.wallUs();
}

/** Wall clock in ms since the epoch (SystemTap `gettimeofday_ms`). */
export function gettimeofdayMs(clock: Clock = realClock): number {
  return truncDiv(clock.wallUs(), 1000);
}

/** Wall clock in seconds since the epoch (SystemTap `gettimeofday_s`). */
export function gettimeofdayS(clock: Clock = realClock): number {
  return truncDiv(clock.wallUs(), 1_000_000);
}

/** Monotonic ns from an arbitrary origin (for intervals; SystemTap `local_clock_ns`). */
export function monotonicNs(clock: Clock = realClock): bigint {
  return clock.monotonicNs();
}

/** CPU time (user + system) of this process in ns. */
export function cpuTimeNs(clock: Clock = realClock): bigint {
  return clock.cpuNs();
}

/** CPU time (user + system) of this process in us. */
export function cpuTimeUs(clock: Clock = realClock): number {
  return Number(clock.cpuNs() / NS_PER_US);
}

/** CPU time (user + system) of this process in ms. */
export function cpuTimeMs(clock: Clock = realClock): number {
  return Number(clock.cpuNs() / NS_PER_MS);
}

/** Time since a start point (the probe module's start), on the monotonic clock. */
export interface Uptime {
  /** The monotonic reading at the start. */
  readonly startNs: bigint;
  ns(): bigint;
  us(): number;
  ms(): number;
  s(): number;
}

/** Starts measuring time from now; the probe module calls this when it starts. */
export function startUptime(clock: Clock = realClock): Uptime {
  const startNs = clock.monotonicNs();
  const ns = (): bigint => clock.monotonicNs() - startNs;
  return {
    startNs,
    ns,
    us: () => Number(ns() / NS_PER_US),
    ms: () => Number(ns() / NS_PER_MS),
    s: () => Number(ns() / NS_PER_S),
  };
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;
const CTIME_MIN = -(2n ** 31n);
const CTIME_MAX = 2n ** 31n - 1n;

function pad2(n: number): string {
  return n < 10 ? "0" + n : String(n);
}

/**
 * SystemTap's `ctime`: `"%.3s %.3s%3d %.2d:%.2d:%.2d %d"` in UTC, always 24 characters
 * (`Thu Jan  1 00:00:00 1970`). Valid for -2147483648 .. 2147483647 seconds; outside, throws
 * `TimeRangeError`. Without an argument: the current wall clock of `clock`.
 */
export function ctime(seconds?: LongInput, clock: Clock = realClock): string {
  const s = seconds === undefined ? BigInt(gettimeofdayS(clock)) : toBig(seconds);
  if (s < CTIME_MIN || s > CTIME_MAX) throw new TimeRangeError(s);
  const d = new Date(Number(s) * 1000);
  const day = d.getUTCDate();
  return (
    `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]}${day < 10 ? "  " : " "}${day} ` +
    `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} ${d.getUTCFullYear()}`
  );
}
