/**
 * Statistics math shared by generated stats arrays (semantics.md "Statistics").
 *
 * Generated code inlines the per-sample update (count, wrapping sum, min, max, histogram bucket,
 * and Welford in doubles: `n += 1; d = x - mean; mean += d / n; m2 += d * (x - mean)`); this
 * module holds what turns that state into results, plus a slow reference used by tests.
 *
 * Guarantees:
 * - `varianceResult(n, m2)` = trunc(m2 / (n - 1)) as a long, 0 when n < 2, INT64_MAX when the
 *   quotient is not below 2^63.
 * - `avgResult` / `avgNumber` divide truncating toward zero (-7/2 = -3); `avgNumber` is exact for
 *   a safe-integer sum (Math.trunc of a correctly rounded quotient of integers below 2^53 never
 *   crosses an integer).
 * - `referenceStats` computes a snapshot from the samples by the definitions, with exact bigints
 *   for count, sum (wrapping), min, max and avg.
 */
import type { Aggregate, HistLayout, StatsSnapshot } from "./contract.js";
import { histBucketCount, histBucketOf } from "./hist.js";
import { INT64_MAX, addWrap } from "./int64.js";

const TWO63 = 9223372036854775808;

/** The variance from Welford's state: trunc(m2 / (n - 1)), 0 below two samples, saturating. */
export function varianceResult(n: number, m2: number): bigint {
  if (n < 2) return 0n;
  const q = m2 / (n - 1);
  if (!(q < TWO63)) return INT64_MAX;
  // m2 is never negative (each step adds a product of two same-signed factors); guard anyway.
  return q > 0 ? BigInt(Math.trunc(q)) : 0n;
}

/** sum / count, truncating toward zero. `count` must be positive (empty aggregates raise first). */
export function avgResult(sum: bigint, count: bigint): bigint {
  if (count <= 0n) throw new RangeError(`avgResult: count must be positive, got ${count}`);
  return sum / count;
}

/** sum / count on numbers, truncating toward zero; exact for a safe-integer sum and count >= 1. */
export function avgNumber(sum: number, count: number): number {
  // `+ 0` turns -0 (e.g. -1/2) into 0.
  return Math.trunc(sum / count) + 0;
}

/** The aggregates stored for a request: the requested ones plus avg -> count, sum; variance -> count. */
export function impliedAggregates(requested: readonly Aggregate[]): ReadonlySet<Aggregate> {
  const set = new Set<Aggregate>(requested);
  if (set.has("avg")) {
    set.add("count");
    set.add("sum");
  }
  if (set.has("variance")) set.add("count");
  return set;
}

/**
 * Reference snapshot of a non-empty sample list, by the definitions of semantics.md (slow; for
 * tests). Fields present: count always, and each stored aggregate of `aggregates`; `hist` when a
 * layout is given.
 */
export function referenceStats(
  samples: readonly bigint[],
  aggregates: readonly Aggregate[],
  hist: HistLayout | null = null,
): StatsSnapshot {
  if (samples.length === 0) throw new RangeError("referenceStats: a stats entry needs at least one sample");
  const has = impliedAggregates(aggregates);
  let sum = 0n;
  let min = samples[0];
  let max = samples[0];
  let n = 0;
  let mean = 0;
  let m2 = 0;
  for (const v of samples) {
    sum = addWrap(sum, v);
    if (v < min) min = v;
    if (v > max) max = v;
    const x = Number(v);
    n += 1;
    const d = x - mean;
    mean += d / n;
    m2 += d * (x - mean);
  }
  const count = BigInt(samples.length);
  let counts: number[] | undefined;
  if (hist !== null) {
    counts = new Array<number>(histBucketCount(hist)).fill(0);
    for (const v of samples) counts[histBucketOf(hist, v)]++;
  }
  return {
    count,
    ...(has.has("sum") ? { sum } : {}),
    ...(has.has("min") ? { min } : {}),
    ...(has.has("max") ? { max } : {}),
    ...(has.has("avg") ? { avg: avgResult(sum, count) } : {}),
    ...(has.has("variance") ? { variance: varianceResult(n, m2) } : {}),
    ...(counts !== undefined ? { hist: counts } : {}),
  };
}
