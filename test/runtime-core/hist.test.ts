import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { HistLayout } from "../../runtime-core/contract.js";
import {
  formatHistBpftrace,
  formatHistSystemtap,
  histBucketBounds,
  histBucketCount,
  histBucketOf,
  histJsonBuckets,
  linearBucket,
  linearBucketBig,
  linearBucketIsExact,
  log2Bucket,
  log2BucketBig,
  log2BucketLabel,
} from "../../runtime-core/hist.js";
import { INT64_MAX, INT64_MIN } from "../../runtime-core/int64.js";

const LOG2: HistLayout = { kind: "log2" };
const SAFE = 2n ** 53n - 1n;
const DASHES = "-".repeat(50);
const int64 = fc.bigInt({ min: INT64_MIN, max: INT64_MAX });

function countsOf(layout: HistLayout, samples: readonly (number | bigint)[]): number[] {
  const counts = new Array<number>(histBucketCount(layout)).fill(0);
  for (const v of samples) counts[histBucketOf(layout, BigInt(v))]++;
  return counts;
}

/** Samples near every power of two, both signs, plus the int64 extremes. */
function edgeSamples(): bigint[] {
  const out = [0n, INT64_MIN, INT64_MAX, INT64_MIN + 1n, INT64_MAX - 1n];
  for (let p = 0n; p < 63n; p++) {
    for (const d of [-1n, 0n, 1n]) {
      const v = (1n << p) + d;
      if (v <= INT64_MAX) out.push(v, -v);
    }
  }
  return out;
}

describe("log2 buckets", () => {
  it("follows semantics.md on a table", () => {
    const table: [bigint, number][] = [
      [0n, 64], [1n, 65], [2n, 66], [3n, 66], [4n, 67], [7n, 67], [8n, 68],
      [2n ** 32n - 1n, 96], [2n ** 32n, 97], [SAFE, 117], [2n ** 53n, 118],
      [2n ** 62n - 1n, 126], [2n ** 62n, 127], [INT64_MAX, 127],
      [-1n, 63], [-2n, 62], [-3n, 62], [-4n, 61], [-(2n ** 32n), 31], [-SAFE, 11],
      [-(2n ** 62n), 1], [-(2n ** 62n) - 1n, 1], [INT64_MIN + 1n, 1], [INT64_MIN, 0],
    ];
    for (const [v, b] of table) {
      expect(log2BucketBig(v), String(v)).toBe(b);
      if (v >= -SAFE && v <= SAFE) expect(log2Bucket(Number(v)), String(v)).toBe(b);
    }
    expect(log2Bucket(-0)).toBe(64);
  });

  it("number and bigint versions agree on every safe integer", () => {
    fc.assert(fc.property(fc.maxSafeInteger(), (v) => log2Bucket(v) === log2BucketBig(BigInt(v))), { numRuns: 5000 });
    for (const v of edgeSamples()) {
      if (v >= -SAFE && v <= SAFE) expect(log2Bucket(Number(v))).toBe(log2BucketBig(v));
    }
  });

  it("labels are SystemTap's", () => {
    expect(log2BucketLabel(64)).toBe(0n);
    expect(log2BucketLabel(65)).toBe(1n);
    expect(log2BucketLabel(66)).toBe(2n);
    expect(log2BucketLabel(127)).toBe(2n ** 62n);
    expect(log2BucketLabel(63)).toBe(-1n);
    expect(log2BucketLabel(62)).toBe(-2n);
    expect(log2BucketLabel(0)).toBe(INT64_MIN);
  });

  it("every sample lies within the inclusive bounds of its bucket, and buckets tile int64", () => {
    fc.assert(
      fc.property(int64, (v) => {
        const { min, max } = histBucketBounds(LOG2, log2BucketBig(v));
        return min !== null && max !== null && min <= v && v <= max;
      }),
      { numRuns: 3000 },
    );
    for (const v of edgeSamples()) {
      const { min, max } = histBucketBounds(LOG2, log2BucketBig(v));
      expect(min! <= v && v <= max!).toBe(true);
    }
    expect(histBucketBounds(LOG2, 0)).toEqual({ min: INT64_MIN, max: INT64_MIN });
    expect(histBucketBounds(LOG2, 127)).toEqual({ min: 2n ** 62n, max: INT64_MAX });
    for (let i = 0; i < 127; i++) expect(histBucketBounds(LOG2, i).max! + 1n).toBe(histBucketBounds(LOG2, i + 1).min);
  });
});

describe("linear buckets", () => {
  it("maps underflow, regular and overflow as semantics.md says", () => {
    // {start: 0, stop: 1500, interval: 50}: N = 31, overflow from 1550.
    const cases: [number, number][] = [[-1, 0], [0, 1], [49, 1], [50, 2], [1500, 31], [1549, 31], [1550, 32], [10 ** 15, 32]];
    for (const [v, idx] of cases) {
      expect(linearBucket(v, 0, 50, 31)).toBe(idx);
      expect(linearBucketBig(BigInt(v), 0n, 50n, 31)).toBe(idx);
    }
    // {start: 0, stop: 0, interval: 1}: 3 buckets, 0 goes to bucket 1.
    expect(linearBucketBig(0n, 0n, 1n, 1)).toBe(1);
    expect(linearBucketBig(1n, 0n, 1n, 1)).toBe(2);
  });

  it("is exact at INT64_MIN and INT64_MAX", () => {
    // start INT64_MIN, interval 2^62, N = 2: start + 3 * interval = 2^62 fits int64.
    expect(linearBucketBig(INT64_MIN, INT64_MIN, 2n ** 62n, 2)).toBe(1);
    expect(linearBucketBig(-1n, INT64_MIN, 2n ** 62n, 2)).toBe(2);
    expect(linearBucketBig(0n, INT64_MIN, 2n ** 62n, 2)).toBe(3);
    expect(linearBucketBig(INT64_MAX, INT64_MIN, 2n ** 62n, 2)).toBe(3);
    expect(linearBucketBig(INT64_MIN, INT64_MAX - 10n, 1n, 5)).toBe(0);
    expect(linearBucketBig(INT64_MAX, INT64_MAX - 10n, 1n, 5)).toBe(6);
    expect(linearBucketBig(INT64_MAX - 10n, INT64_MAX - 10n, 1n, 5)).toBe(1);
  });

  it("number version equals the bigint version whenever linearBucketIsExact holds", () => {
    const layout = fc
      .record({
        start: fc.bigInt({ min: -SAFE, max: SAFE }),
        interval: fc.oneof(fc.bigInt({ min: 1n, max: 1000n }), fc.bigInt({ min: 1n, max: 2n ** 46n })),
        n: fc.integer({ min: 1, max: 126 }),
      })
      .filter((l) => linearBucketIsExact(l.start, l.interval, l.n));
    const sample = fc.oneof(fc.maxSafeInteger(), fc.integer({ min: -5000, max: 5000 }));
    fc.assert(
      fc.property(layout, sample, fc.integer({ min: -3, max: 3 }), (l, s, d) => {
        // Also probe right at the bucket edges.
        const edge = l.start + BigInt(d) * l.interval;
        for (const v of [BigInt(s), edge, edge - 1n, l.start + BigInt(l.n) * l.interval - 1n]) {
          if (v < -SAFE || v > SAFE) continue;
          const a = linearBucket(Number(v), Number(l.start), Number(l.interval), l.n);
          if (a !== linearBucketBig(v, l.start, l.interval, l.n)) return false;
        }
        return true;
      }),
      { numRuns: 3000 },
    );
  });

  it("linearBucketIsExact refuses layouts whose span passes 2^53", () => {
    expect(linearBucketIsExact(0n, 2n ** 46n, 128)).toBe(true);
    expect(linearBucketIsExact(0n, 2n ** 46n + 1n, 128)).toBe(false);
    expect(linearBucketIsExact(-(2n ** 60n), 1n, 10)).toBe(false);
    expect(linearBucketIsExact(0n, 0n, 10)).toBe(false);
  });

  it("bounds: samples lie inside their bucket; underflow has no min, overflow no max", () => {
    const layout: HistLayout = { kind: "linear", start: -1000n, interval: 300n, buckets: 7 };
    fc.assert(
      fc.property(int64, (v) => {
        const { min, max } = histBucketBounds(layout, histBucketOf(layout, v));
        return (min === null || min <= v) && (max === null || v <= max);
      }),
    );
    expect(histBucketBounds(layout, 0)).toEqual({ min: null, max: -1001n });
    expect(histBucketBounds(layout, 1)).toEqual({ min: -1000n, max: -701n });
    expect(histBucketBounds(layout, 8)).toEqual({ min: 1100n, max: null });
    expect(histBucketCount(layout)).toBe(9);
    expect(histBucketCount(LOG2)).toBe(128);
  });
});

describe("SystemTap text", () => {
  it("log2 of one sample at every power of two, both signs, INT64_MIN and 20 zeros: 128 rows, width 20", () => {
    const samples: bigint[] = [INT64_MIN];
    for (let p = 0n; p < 63n; p++) samples.push(1n << p, -(1n << p));
    for (let i = 0; i < 20; i++) samples.push(0n);
    const lines = formatHistSystemtap(LOG2, countsOf(LOG2, samples)).split("\n");
    expect(lines.length).toBe(1 + 128 + 2);
    expect(lines[0]).toBe(`${"value".padStart(20)} |${DASHES} count`);
    // valmax 20: cnt_space 2, so a count sits in 50 - bar + 1 + 2 columns.
    expect(lines[1]).toBe(`-9223372036854775808 |@${"1".padStart(52)}`);
    expect(lines[65]).toBe(`${"0".padStart(20)} |${"@".repeat(20)}${"20".padStart(33)}`);
    expect(lines[128]).toBe(`${"4611686018427387904".padStart(20)} |@${"1".padStart(52)}`);
    expect(lines.slice(129)).toEqual(["", ""]);
  });

  it("INT64_MAX alone: the margin stops at the last bucket", () => {
    expect(formatHistSystemtap(LOG2, countsOf(LOG2, [INT64_MAX]))).toBe(
      `${"value".padStart(19)} |${DASHES} count\n` +
        `${"1152921504606846976".padStart(19)} |${"0".padStart(52)}\n` +
        `${"2305843009213693952".padStart(19)} |${"0".padStart(52)}\n` +
        `4611686018427387904 |@${"1".padStart(51)}\n\n`,
    );
  });

  it("never extends from 0 into the negatives, nor from the first positive below 0", () => {
    const text = formatHistSystemtap(LOG2, countsOf(LOG2, [1]));
    expect(text.split("\n").slice(1, 2)).toEqual([`    0 |${"0".padStart(52)}`]);
    const zero = formatHistSystemtap(LOG2, countsOf(LOG2, [0]));
    expect(zero.split("\n")[1]).toBe(`    0 |@${"1".padStart(51)}`);
  });

  it("scales above 50: ceil(valmax / 50), bars floor(count / scale)", () => {
    const counts = new Array<number>(128).fill(0);
    counts[65] = 51; // scale 2 -> 25 @
    counts[66] = 3; // 1 @
    const lines = formatHistSystemtap(LOG2, counts).split("\n");
    expect(lines[1]).toBe(`    0 |${"0".padStart(52 + 1)}`);
    expect(lines[2]).toBe(`    1 |${"@".repeat(25)}${"51".padStart(50 - 25 + 1 + 2)}`);
    expect(lines[3]).toBe(`    2 |@${"3".padStart(50 - 1 + 1 + 2)}`);
    counts[65] = 50; // scale 1
    expect(formatHistSystemtap(LOG2, counts).split("\n")[2]).toBe(`    1 |${"@".repeat(50)}${"50".padStart(3)}`);
  });

  it("elides zero runs with one indented ~ line", () => {
    const lines = formatHistSystemtap(LOG2, countsOf(LOG2, [1, 2 ** 20])).split("\n");
    const z = (label: string): string => `${label.padStart(7)} |${"0".padStart(52)}`;
    expect(lines).toEqual([
      `  value |${DASHES} count`,
      z("0"),
      `      1 |@${"1".padStart(51)}`,
      z("2"),
      z("4"),
      "        ~",
      z("262144"),
      z("524288"),
      `1048576 |@${"1".padStart(51)}`,
      z("2097152"),
      z("4194304"),
      "",
      "",
    ]);
  });

  it("linear: an empty underflow margin is dropped; labels are bucket starts", () => {
    const layout: HistLayout = { kind: "linear", start: 0n, interval: 10n, buckets: 5 };
    expect(formatHistSystemtap(layout, countsOf(layout, [0]))).toBe(
      `value |${DASHES} count\n    0 |@${"1".padStart(51)}\n   10 |${"0".padStart(52)}\n   20 |${"0".padStart(52)}\n\n`,
    );
  });

  it("linear val_space uses start + interval * high (SystemTap's rule, wider than any label)", () => {
    const layout: HistLayout = { kind: "linear", start: 0n, interval: 10000n, buckets: 10 };
    // Sample in index 8 (70000): high margin reaches index 10, so val_space = digits(100000) = 6.
    const lines = formatHistSystemtap(layout, countsOf(layout, [70000])).split("\n");
    expect(lines[0]).toBe(` value |${DASHES} count`);
    expect(lines.slice(1, 6)).toEqual([
      ` 50000 |${"0".padStart(52)}`,
      ` 60000 |${"0".padStart(52)}`,
      ` 70000 |@${"1".padStart(51)}`,
      ` 80000 |${"0".padStart(52)}`,
      ` 90000 |${"0".padStart(52)}`,
    ]);
  });

  it("linear underflow and overflow rows: <start and >start of the last regular bucket", () => {
    const layout: HistLayout = { kind: "linear", start: -20n, interval: 10n, buckets: 3 };
    const text = formatHistSystemtap(layout, countsOf(layout, [-21, 10]));
    expect(text).toBe(
      `value |${DASHES} count\n` +
        ` <-20 |@${"1".padStart(51)}\n` +
        `  -20 |${"0".padStart(52)}\n` +
        `  -10 |${"0".padStart(52)}\n` +
        `    0 |${"0".padStart(52)}\n` +
        `   >0 |@${"1".padStart(51)}\n\n`,
    );
  });

  it("hist_in_string: @hist_linear(l, 0, 0, 1) of 128 zeros is one row at scale 3", () => {
    const layout: HistLayout = { kind: "linear", start: 0n, interval: 1n, buckets: 1 };
    expect(formatHistSystemtap(layout, countsOf(layout, new Array<number>(128).fill(0)))).toBe(
      `value |${DASHES} count\n    0 |${"@".repeat(42)}${"128".padStart(12)}\n\n`,
    );
  });

  it("an all-zero histogram prints the header and the blank line", () => {
    expect(formatHistSystemtap(LOG2, new Array<number>(128).fill(0))).toBe(`value |${DASHES} count\n\n`);
  });
});

const row = (header: string, count: number, bar: number): string =>
  `${header.padEnd(16)}${String(count).padStart(8)} |${"@".repeat(bar).padEnd(52)}|\n`;

describe("bpftrace text", () => {
  it("log2: all negatives in one row, then [0], [1], [2, 4) ...", () => {
    expect(formatHistBpftrace(LOG2, countsOf(LOG2, [-1, -1000, INT64_MIN, 0, 1]))).toBe(
      row("(..., 0)", 3, 52) + row("[0]", 1, 17) + row("[1]", 1, 17) + "\n",
    );
  });

  it("log2 up to INT64_MAX: [4E, 8E)", () => {
    const text = formatHistBpftrace(LOG2, countsOf(LOG2, [2n ** 61n, INT64_MAX]));
    expect(text).toBe(row("[2E, 4E)", 1, 52) + row("[4E, 8E)", 1, 52) + "\n");
  });

  it("log2 suffixes across K M G T P", () => {
    const text = formatHistBpftrace(LOG2, countsOf(LOG2, [512, 2n ** 50n + 5n]));
    const headers = text.trimEnd().split("\n").map((l) => l.slice(0, 16).trimEnd());
    expect(headers[0]).toBe("[512, 1K)");
    expect(headers).toContain("[512K, 1M)");
    expect(headers).toContain("[1G, 2G)");
    expect(headers).toContain("[512T, 1P)");
    expect(headers[headers.length - 1]).toBe("[1P, 2P)");
    expect(headers.length).toBe(42);
  });

  it("linear with interval 1 writes [lo]", () => {
    const layout: HistLayout = { kind: "linear", start: -1n, interval: 1n, buckets: 3 };
    expect(formatHistBpftrace(layout, countsOf(layout, [-2, -1, 0, 0, 1, 2]))).toBe(
      row("(..., -1)", 1, 26) + row("[-1]", 1, 26) + row("[0]", 2, 52) + row("[1]", 1, 26) + row("[2, ...)", 1, 26) + "\n",
    );
  });

  it("linear interval % 1024 == 0: 0, K and M labels, negatives alike", () => {
    const layout: HistLayout = { kind: "linear", start: -2048n, interval: 1024n, buckets: 4 };
    expect(formatHistBpftrace(layout, countsOf(layout, [-3000, 0, 2048]))).toBe(
      row("(..., -2K)", 1, 52) +
        row("[-2K, -1K)", 0, 0) +
        row("[-1K, 0)", 0, 0) +
        row("[0, 1K)", 1, 52) +
        row("[1K, 2K)", 0, 0) +
        row("[2K, ...)", 1, 52) +
        "\n",
    );
    const mega: HistLayout = { kind: "linear", start: 1048576n, interval: 3072n * 1024n, buckets: 2 };
    expect(formatHistBpftrace(mega, countsOf(mega, [1048576, 1048576 + 3145728]))).toBe(
      row("[1M, 4M)", 1, 52) + row("[4M, 7M)", 1, 52) + "\n",
    );
    const mixed: HistLayout = { kind: "linear", start: 512n * 1024n, interval: 512n * 1024n, buckets: 2 };
    expect(formatHistBpftrace(mixed, countsOf(mixed, [524288])).slice(0, 16)).toBe("[512K, 1M)      ");
  });

  it("linear without the 1024 rule prints plain digits", () => {
    const layout: HistLayout = { kind: "linear", start: 0n, interval: 2048n + 1n, buckets: 2 };
    expect(formatHistBpftrace(layout, countsOf(layout, [0])).slice(0, 16)).toBe("[0, 2049)       ");
  });

  it("long headers are never truncated and bars are floor(52 * count / max)", () => {
    const layout: HistLayout = { kind: "linear", start: 1n - 10n ** 15n, interval: 10n ** 14n + 1n, buckets: 2 };
    const counts = [0, 3, 1, 0];
    expect(formatHistBpftrace(layout, counts)).toBe(
      `[-999999999999999, -899999999999998)       3 |${"@".repeat(52)}|\n` +
        `[-899999999999998, -799999999999997)       1 |${"@".repeat(17).padEnd(52)}|\n\n`,
    );
    const huge = new Array<number>(128).fill(0);
    huge[65] = 2 ** 50 + 1;
    huge[66] = 2 ** 50;
    expect(formatHistBpftrace(LOG2, huge).split("\n")[1]).toBe(`[2, 4)          1125899906842624 |${"@".repeat(51)} |`);
  });

  it("an all-zero histogram prints only the blank line", () => {
    expect(formatHistBpftrace(LOG2, new Array<number>(128).fill(0))).toBe("\n");
    expect(formatHistBpftrace({ kind: "linear", start: 0n, interval: 1n, buckets: 1 }, [0, 0, 0])).toBe("\n");
  });
});

describe("JSON buckets", () => {
  it("log2: inclusive bounds, bucket 64 is {0,0}, extremes as strings", () => {
    expect(histJsonBuckets(LOG2, countsOf(LOG2, [INT64_MIN]))).toBe(
      '[{"min":"-9223372036854775808","max":"-9223372036854775808","count":1}]',
    );
    expect(histJsonBuckets(LOG2, countsOf(LOG2, [INT64_MAX]))).toBe(
      '[{"min":"4611686018427387904","max":"9223372036854775807","count":1}]',
    );
    expect(histJsonBuckets(LOG2, countsOf(LOG2, [-3, 0]))).toBe(
      '[{"min":-3,"max":-2,"count":1},{"min":-1,"max":-1,"count":0},{"min":0,"max":0,"count":1}]',
    );
    expect(histJsonBuckets(LOG2, countsOf(LOG2, [2 ** 52]))).toBe('[{"min":4503599627370496,"max":9007199254740991,"count":1}]');
    expect(histJsonBuckets(LOG2, countsOf(LOG2, [2 ** 53]))).toBe('[{"min":"9007199254740992","max":"18014398509481983","count":1}]');
  });

  it("linear: underflow without min, overflow without max, inner zeros kept", () => {
    const layout: HistLayout = { kind: "linear", start: 0n, interval: 10n, buckets: 2 };
    expect(histJsonBuckets(layout, countsOf(layout, [-5, 25]))).toBe(
      '[{"max":-1,"count":1},{"min":0,"max":9,"count":0},{"min":10,"max":19,"count":0},{"min":20,"count":1}]',
    );
    expect(histJsonBuckets(layout, countsOf(layout, [12]))).toBe('[{"min":10,"max":19,"count":1}]');
    expect(histJsonBuckets(layout, [0, 0, 0, 0])).toBe("[]");
  });
});
