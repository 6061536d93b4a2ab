import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { INT64_MAX, INT64_MIN } from "../../runtime-core/int64.js";
import { avgNumber, avgResult, impliedAggregates, referenceStats, varianceResult } from "../../runtime-core/stats.js";

/** Welford in doubles, exactly the per-sample steps of semantics.md. */
function welford(samples: readonly number[]): { n: number; m2: number } {
  let n = 0;
  let mean = 0;
  let m2 = 0;
  for (const x of samples) {
    n += 1;
    const d = x - mean;
    mean += d / n;
    m2 += d * (x - mean);
  }
  return { n, m2 };
}

function variance(samples: readonly number[]): bigint {
  const { n, m2 } = welford(samples);
  return varianceResult(n, m2);
}

describe("varianceResult", () => {
  it("is 0 below two samples", () => {
    expect(varianceResult(0, 0)).toBe(0n);
    expect(varianceResult(1, 0)).toBe(0n);
  });

  it("is the truncated sample variance (denominator n - 1)", () => {
    expect(variance([3, 9])).toBe(18n); // semantics.md JSON example
    expect(variance([1, 2, 3, 4, 5])).toBe(2n); // 2.5
    expect(variance([444, 999])).toBe(154012n); // 154012.5
    expect(variance([100, 0, -2])).toBe(3401n); // SystemTap's integer Welford says 3410
    expect(variance([100, 0, -2, 10])).toBe(2396n); // SystemTap: 2411
    expect(variance(Array.from({ length: 100 }, (_, i) => i))).toBe(841n); // SystemTap: 5741
    expect(variance([7, 7, 7, 7])).toBe(0n);
  });

  it("saturates at INT64_MAX", () => {
    expect(varianceResult(2, 2 ** 63)).toBe(INT64_MAX);
    expect(varianceResult(2, 1e300)).toBe(INT64_MAX);
    expect(varianceResult(2, Infinity)).toBe(INT64_MAX);
    // The largest double below 2^63 is still a long.
    expect(varianceResult(2, 2 ** 63 - 1024)).toBe(2n ** 63n - 1024n);
    expect(variance([Number(INT64_MIN), Number(INT64_MAX)])).toBe(INT64_MAX);
  });

  it("truncates toward zero", () => {
    expect(varianceResult(3, 5)).toBe(2n);
    expect(varianceResult(4, 2.999)).toBe(0n);
  });
});

describe("avg", () => {
  it("truncates toward zero", () => {
    expect(avgResult(-7n, 2n)).toBe(-3n);
    expect(avgResult(7n, 2n)).toBe(3n);
    expect(avgResult(98n, 3n)).toBe(32n);
    expect(avgResult(-16700000000n, 13n)).toBe(-1284615384n);
    expect(avgResult(INT64_MIN, 1n)).toBe(INT64_MIN);
    expect(avgNumber(-7, 2)).toBe(-3);
    expect(Object.is(avgNumber(-1, 2), 0)).toBe(true);
    expect(avgNumber(-16700000000, 13)).toBe(-1284615384);
  });

  it("refuses a zero count", () => {
    expect(() => avgResult(5n, 0n)).toThrow(RangeError);
  });

  it("number version equals the bigint version for safe sums", () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), fc.integer({ min: 1, max: 2 ** 31 }), (sum, count) => {
        return BigInt(avgNumber(sum, count)) === avgResult(BigInt(sum), BigInt(count));
      }),
      { numRuns: 5000 },
    );
    // Near 2^53 the quotient is closest to an integer boundary.
    const top = 2 ** 53 - 1;
    for (const count of [1, 2, 3, 7, 2 ** 20 + 1, 2 ** 52 - 1, 2 ** 52 + 1, top]) {
      for (const sum of [top, top - 1, -top, 2 ** 52 + 1]) {
        expect(BigInt(avgNumber(sum, count))).toBe(avgResult(BigInt(sum), BigInt(count)));
      }
    }
  });
});

describe("impliedAggregates", () => {
  it("adds what avg and variance need", () => {
    expect([...impliedAggregates(["avg"])].sort()).toEqual(["avg", "count", "sum"]);
    expect([...impliedAggregates(["variance"])].sort()).toEqual(["count", "variance"]);
    expect([...impliedAggregates(["min"])]).toEqual(["min"]);
  });
});

describe("referenceStats", () => {
  it("gives exactly the stored aggregates", () => {
    expect(referenceStats([3n, 9n], ["count", "sum", "min", "max", "avg", "variance"])).toEqual({
      count: 2n,
      sum: 12n,
      min: 3n,
      max: 9n,
      avg: 6n,
      variance: 18n,
    });
    expect(referenceStats([3n, 9n], ["avg"])).toEqual({ count: 2n, sum: 12n, avg: 6n });
    expect(referenceStats([3n, 9n], ["max"])).toEqual({ count: 2n, max: 9n });
  });

  it("wraps the sum and averages the wrapped sum", () => {
    const s = referenceStats([INT64_MAX, 1n, 1n], ["sum", "avg", "min", "max"]);
    expect(s.sum).toBe(INT64_MIN + 1n);
    expect(s.avg).toBe((INT64_MIN + 1n) / 3n);
    expect(s.min).toBe(1n);
    expect(s.max).toBe(INT64_MAX);
  });

  it("fills the histogram", () => {
    const s = referenceStats([0n, 1n, -1n, 5n], [], { kind: "log2" });
    expect(s.hist?.length).toBe(128);
    expect(s.hist?.[64]).toBe(1);
    expect(s.hist?.[65]).toBe(1);
    expect(s.hist?.[63]).toBe(1);
    expect(s.hist?.[67]).toBe(1);
    const lin = referenceStats([-1n, 0n, 100n], [], { kind: "linear", start: 0n, interval: 10n, buckets: 3 });
    expect(lin.hist).toEqual([1, 1, 0, 0, 1]);
  });

  it("agrees with an incremental computation on random samples", () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: INT64_MIN, max: INT64_MAX }), { minLength: 1, maxLength: 40 }), (xs) => {
        const s = referenceStats(xs, ["sum", "min", "max", "avg", "variance"]);
        let sum = 0n;
        for (const x of xs) sum = BigInt.asIntN(64, sum + x);
        const sorted = [...xs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        return (
          s.count === BigInt(xs.length) &&
          s.sum === sum &&
          s.min === sorted[0] &&
          s.max === sorted[sorted.length - 1] &&
          s.avg === sum / BigInt(xs.length) &&
          s.variance === variance(xs.map(Number))
        );
      }),
      { numRuns: 500 },
    );
  });

  it("refuses an empty sample list", () => {
    expect(() => referenceStats([], ["count"])).toThrow(RangeError);
  });
});
