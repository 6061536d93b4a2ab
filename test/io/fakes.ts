// Small hand-made ProbeArray objects: the io layer only uses the contract's slow export path,
// so these stand in for generated arrays in the transport tests.
import type {
  ArrayCounters,
  ArrayDescriptor,
  ArrayEntry,
  ArraySet,
  HistLayout,
  KeyKind,
  ProbeArray,
  StatsSnapshot,
  ValueDescriptor,
} from "../../runtime-core/contract.js";
import { longToJSON } from "../../runtime-core/int64.js";

export class FakeArray implements ProbeArray {
  readonly descriptor: ArrayDescriptor;
  rows: ArrayEntry[];
  counts: { dropped: number; evicted: number } = { dropped: 0, evicted: 0 };

  constructor(name: string, keys: [string, KeyKind][], value: ValueDescriptor, rows: ArrayEntry[] = []) {
    this.descriptor = {
      name,
      keys: keys.map(([n, kind]) => ({ name: n, kind })),
      value,
      maxEntries: 100,
      maxStringLength: 128,
      onFull: "drop",
      growLimit: null,
      display: false,
    };
    this.rows = rows;
  }

  get size(): number {
    return this.rows.length;
  }
  counters(): ArrayCounters {
    return { size: this.rows.length, capacity: this.descriptor.maxEntries, ...this.counts };
  }
  clear(): void {
    this.rows = [];
  }
  entries(): ArrayEntry[] {
    return this.rows.slice();
  }
  printText(): string {
    const field = (f: bigint | string) => (typeof f === "string" ? JSON.stringify(f) : String(f));
    return this.rows
      .map((r) => {
        const head = `${this.descriptor.name}[${r.key.map(field).join(",")}]`;
        if (typeof r.value !== "object") return `${head}=${field(r.value)}\n`;
        return `${head} @count=${r.value.count}\n`;
      })
      .join("");
  }
  toJSONLine(): string {
    const field = (f: bigint | string) => (typeof f === "string" ? JSON.stringify(f) : longToJSON(f));
    const value = (v: ArrayEntry["value"]) => (typeof v === "object" ? `{"count":${longToJSON(v.count)}}` : field(v));
    const entries = this.rows.map((r) => `{"key":[${r.key.map(field).join(",")}],"value":${value(r.value)}}`);
    return `{"array":${JSON.stringify(this.descriptor.name)},"entries":[${entries.join(",")}]}`;
  }
}

export const long = (name: string, keys: [string, KeyKind][], rows: [readonly (bigint | string)[], bigint][]) =>
  new FakeArray(name, keys, { kind: "long" }, rows.map(([key, value]) => ({ key, value })));

export const strings = (name: string, keys: [string, KeyKind][], rows: [readonly (bigint | string)[], string][]) =>
  new FakeArray(name, keys, { kind: "string" }, rows.map(([key, value]) => ({ key, value })));

/** Builds stats entries from raw samples, exactly as the semantics define the aggregates. */
export function stats(
  name: string,
  keys: [string, KeyKind][],
  hist: HistLayout | null,
  samples: [readonly (bigint | string)[], bigint[]][],
  aggregates: ("count" | "sum" | "min" | "max")[] = ["count", "sum", "min", "max"],
): FakeArray {
  const rows = samples.map(([key, xs]): ArrayEntry => {
    const v: { -readonly [K in keyof StatsSnapshot]: StatsSnapshot[K] } = { count: BigInt(xs.length) };
    if (aggregates.includes("sum")) v.sum = xs.reduce((a, b) => a + b, 0n);
    if (aggregates.includes("min")) v.min = xs.reduce((a, b) => (b < a ? b : a));
    if (aggregates.includes("max")) v.max = xs.reduce((a, b) => (b > a ? b : a));
    if (hist !== null) {
      const counts = new Array<number>(hist.kind === "log2" ? 128 : hist.buckets + 2).fill(0);
      for (const x of xs) counts[bucketOf(hist, x)]! += 1;
      v.hist = counts;
    }
    return { key, value: v };
  });
  return new FakeArray(name, keys, { kind: "stats", aggregates, hist }, rows);
}

function bucketOf(h: HistLayout, x: bigint): number {
  if (h.kind === "log2") {
    if (x === 0n) return 64;
    const bits = (x < 0n ? -x : x).toString(2).length;
    return x > 0n ? 64 + bits : 64 - bits;
  }
  if (x < h.start) return 0;
  const i = (x - h.start) / h.interval;
  return i >= BigInt(h.buckets) ? h.buckets + 1 : Number(i) + 1;
}

export const set = (...arrays: FakeArray[]): ArraySet => Object.fromEntries(arrays.map((a) => [a.descriptor.name, a]));
