// Every published histogram block our semantics covers, reproduced byte for byte (see
// fixtures/hist/README.md for where each block comes from).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { HistLayout } from "../../runtime-core/contract.js";
import {
  formatHistBpftrace,
  formatHistSystemtap,
  histBucketCount,
  histBucketOf,
  histJsonBuckets,
} from "../../runtime-core/hist.js";
import { sprintf } from "../../runtime-core/printf.js";

const dir = new URL("./fixtures/hist/", import.meta.url);

interface Case {
  readonly file: string;
  readonly style: "systemtap" | "bpftrace";
  readonly layout: { kind: "log2" } | { kind: "linear"; start: string; interval: string; buckets: number };
  readonly samples: { range?: [number, number]; list?: number[]; counts?: number[] };
  readonly source: string;
}

function layoutOf(c: Case["layout"]): HistLayout {
  return c.kind === "log2"
    ? { kind: "log2" }
    : { kind: "linear", start: BigInt(c.start), interval: BigInt(c.interval), buckets: c.buckets };
}

function countsOf(layout: HistLayout, samples: readonly (number | bigint)[]): number[] {
  const counts = new Array<number>(histBucketCount(layout)).fill(0);
  for (const v of samples) counts[histBucketOf(layout, BigInt(v))]++;
  return counts;
}

function caseCounts(layout: HistLayout, s: Case["samples"]): number[] {
  if (s.counts !== undefined) return [...s.counts];
  const samples: number[] = [];
  if (s.range !== undefined) for (let v = s.range[0]; v <= s.range[1]; v++) samples.push(v);
  if (s.list !== undefined) samples.push(...s.list);
  return countsOf(layout, samples);
}

const cases = JSON.parse(readFileSync(new URL("cases.json", dir), "utf8")) as Case[];

describe("published histogram blocks", () => {
  it("has the fixtures", () => {
    expect(cases.length).toBeGreaterThanOrEqual(8);
  });
  for (const c of cases) {
    it(`${c.file} (${c.style})`, () => {
      const layout = layoutOf(c.layout);
      const counts = caseCounts(layout, c.samples);
      const expected = readFileSync(new URL(c.file, dir), "utf8");
      const actual = c.style === "systemtap" ? formatHistSystemtap(layout, counts) : formatHistBpftrace(layout, counts);
      expect(actual).toBe(expected);
    });
  }

  it("log_edge: the bucket lines printed after the histogram", () => {
    const counts = countsOf({ kind: "log2" }, [-1, 1]);
    let out = "";
    counts.forEach((n, i) => {
      if (n > 0) out += sprintf("bucket %d: %d\n", [i, n]);
    });
    expect(out).toBe(readFileSync(new URL("stap-log_edge-buckets.txt", dir), "utf8"));
  });
});

const FULL = "@".repeat(52);

describe("published bpftrace fragments (tests/output.cpp, PR #1911, hist(10 GiB))", () => {
  it("lhist(..., 0, 5120, 1024) labels", () => {
    const layout: HistLayout = { kind: "linear", start: 0n, interval: 1024n, buckets: 5 };
    const text = formatHistBpftrace(layout, countsOf(layout, [0, 1024, 2048, 3072, 4096]));
    expect(text.split("\n").map((l) => l.slice(0, 16).trimEnd())).toEqual([
      "[0, 1K)",
      "[1K, 2K)",
      "[2K, 3K)",
      "[3K, 4K)",
      "[4K, 5K)",
      "",
      "",
    ]);
  });

  it("lhist(..., 610000, 670000, 10000) labels carry no suffix", () => {
    const layout: HistLayout = { kind: "linear", start: 610000n, interval: 10000n, buckets: 6 };
    const text = formatHistBpftrace(layout, countsOf(layout, [610000, 669999]));
    const labels = text.split("\n").map((l) => l.slice(0, 17).trimEnd());
    expect(labels[0]).toBe("[610000, 620000)");
    expect(labels[5]).toBe("[660000, 670000)");
  });

  it("overflow-only and underflow-only rows", () => {
    const over: HistLayout = { kind: "linear", start: 0n, interval: 10n, buckets: 10 };
    expect(formatHistBpftrace(over, countsOf(over, [100]))).toBe(`[100, ...)             1 |${FULL}|\n\n`);
    const under: HistLayout = { kind: "linear", start: 10n, interval: 10n, buckets: 9 };
    expect(formatHistBpftrace(under, countsOf(under, [9]))).toBe(`(..., 10)              1 |${FULL}|\n\n`);
  });

  it("PR #1911: hist(1023), hist(1025), hist(2049) and hist(1024), hist(1025), hist(2047)", () => {
    const log2: HistLayout = { kind: "log2" };
    expect(formatHistBpftrace(log2, countsOf(log2, [1023, 1025, 2049]))).toBe(
      `[512, 1K)              1 |${FULL}|\n` + `[1K, 2K)               1 |${FULL}|\n` + `[2K, 4K)               1 |${FULL}|\n\n`,
    );
    expect(formatHistBpftrace(log2, countsOf(log2, [1024, 1025, 2047]))).toBe(`[1K, 2K)               3 |${FULL}|\n\n`);
  });

  it("hist(10*1024*1024*1024): [8G, 16G) and its JSON bounds", () => {
    const log2: HistLayout = { kind: "log2" };
    const counts = countsOf(log2, [10 * 1024 * 1024 * 1024]);
    expect(formatHistBpftrace(log2, counts)).toBe(`[8G, 16G)              1 |${FULL}|\n\n`);
    expect(histJsonBuckets(log2, counts)).toBe('[{"min":8589934592,"max":17179869183,"count":1}]');
  });
});

describe("semantics.md JSON example", () => {
  it("log2 of 3 and 9", () => {
    const log2: HistLayout = { kind: "log2" };
    expect(histJsonBuckets(log2, countsOf(log2, [3, 9]))).toBe(
      '[{"min":2,"max":3,"count":1},{"min":4,"max":7,"count":0},{"min":8,"max":15,"count":1}]',
    );
  });
});
