/**
 * The overload guard (SystemTap's STP_OVERLOAD, in wall time instead of CPU cycles): handlers
 * may take at most `share` of an interval of `intervalMs`; the first handler run that makes the
 * time spent in the current interval exceed `share * intervalMs` trips it.
 *
 * Guarantees: O(1) per handler run, no allocation until it trips. An interval starts at the
 * first handler run after the previous one ended, so idle time never accumulates into credit
 * and one run longer than the threshold trips it on its own. Time comes from the caller (a
 * monotonic clock in milliseconds), so a fake clock makes it deterministic.
 */

export interface OverloadTrip {
  /** Milliseconds spent in handlers in the interval. */
  readonly busyMs: number;
  readonly thresholdMs: number;
  readonly intervalMs: number;
  /** The probe that spent the most in the interval, and how much. */
  readonly topProbe: string;
  readonly topProbeMs: number;
}

export class OverloadGuard {
  readonly thresholdMs: number;
  private windowStart = Number.NEGATIVE_INFINITY;
  private busy = 0;
  /** Per probe, time spent in the current interval (indexed like `names`). */
  private readonly perProbe: Float64Array;

  constructor(
    private readonly names: readonly string[],
    readonly share: number,
    readonly intervalMs: number,
  ) {
    if (!(share > 0 && share <= 1)) throw new RangeError(`overload share must be in (0, 1], got ${share}`);
    if (!(intervalMs > 0)) throw new RangeError(`overload intervalMs must be positive, got ${intervalMs}`);
    this.thresholdMs = share * intervalMs;
    this.perProbe = new Float64Array(names.length);
  }

  /** Accounts one handler run of probe `index` from `start` to `end`; a trip when overloaded. */
  account(index: number, start: number, end: number): OverloadTrip | null {
    if (start - this.windowStart >= this.intervalMs) {
      this.windowStart = start;
      this.busy = 0;
      this.perProbe.fill(0);
    }
    const spent = end - start;
    this.busy += spent;
    this.perProbe[index]! += spent;
    return this.busy > this.thresholdMs ? this.trip() : null;
  }

  private trip(): OverloadTrip {
    let top = 0;
    for (let i = 1; i < this.perProbe.length; i++) if (this.perProbe[i]! > this.perProbe[top]!) top = i;
    return {
      busyMs: this.busy,
      thresholdMs: this.thresholdMs,
      intervalMs: this.intervalMs,
      topProbe: this.names[top] ?? "",
      topProbeMs: this.perProbe[top] ?? 0,
    };
  }
}

/** `probe overhead (612 ms) exceeded threshold (500 ms) in last 1000 ms; most: timer.ms(10) (600 ms)` */
export function overloadMessage(trip: OverloadTrip): string {
  return (
    `probe overhead (${ms(trip.busyMs)} ms) exceeded threshold (${ms(trip.thresholdMs)} ms) ` +
    `in last ${ms(trip.intervalMs)} ms; most expensive probe: ${trip.topProbe} (${ms(trip.topProbeMs)} ms)`
  );
}

function ms(value: number): string {
  return String(Number(value.toFixed(3)));
}
