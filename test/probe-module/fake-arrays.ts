/**
 * Hand-written stand-ins for generated array classes: they implement the ProbeArray contract
 * (descriptor, size, counters, clear, entries, printText, toJSONLine) with typed methods of
 * their own, as the generated classes do, so the probe module can be tested without the
 * generator. Under `drop` a new key into a full array is ignored and counted.
 */
import type {
  ArrayCounters,
  ArrayDescriptor,
  ArrayEntry,
  ArrayFactory,
  ProbeArray,
  StatsSnapshot,
} from "../../runtime-core/contract.js";

interface FakeOptions {
  readonly maxEntries?: number;
  readonly display?: boolean;
}

function descriptor(name: string, value: ArrayDescriptor["value"], options: FakeOptions): ArrayDescriptor {
  return {
    name,
    keys: [{ name: "key", kind: "string" }],
    value,
    maxEntries: options.maxEntries ?? 1024,
    maxStringLength: 256,
    onFull: "drop",
    growLimit: null,
    display: options.display ?? false,
  };
}

abstract class FakeArray<V> implements ProbeArray {
  readonly descriptor: ArrayDescriptor;
  protected readonly map = new Map<string, V>();
  private dropped = 0;

  constructor(name: string, value: ArrayDescriptor["value"], options: FakeOptions) {
    this.descriptor = descriptor(name, value, options);
  }

  get size(): number {
    return this.map.size;
  }

  counters(): ArrayCounters {
    return { size: this.map.size, capacity: this.descriptor.maxEntries, dropped: this.dropped, evicted: 0 };
  }

  clear(): void {
    this.map.clear();
  }

  /** The slot for `key`, or undefined when the array is full (counted as a drop). */
  protected slot(key: string, initial: () => V): V | undefined {
    const existing = this.map.get(key);
    if (existing !== undefined) return existing;
    if (this.map.size >= this.descriptor.maxEntries) {
      this.dropped++;
      return undefined;
    }
    const value = initial();
    this.map.set(key, value);
    return value;
  }

  protected abstract exact(value: V): ArrayEntry["value"];
  protected abstract text(value: V): string;

  entries(): ArrayEntry[] {
    return [...this.map].map(([key, value]) => ({ key: [key], value: this.exact(value) }));
  }

  printText(): string {
    let out = "";
    for (const [key, value] of this.map) out += `${this.descriptor.name}[${JSON.stringify(key)}]${this.text(value)}\n`;
    return out;
  }

  toJSONLine(): string {
    return JSON.stringify({ array: this.descriptor.name, entries: [...this.map.keys()] });
  }
}

/** `string -> long`. */
export class FakeLongArray extends FakeArray<{ v: number }> {
  constructor(name: string, options: FakeOptions = {}) {
    super(name, { kind: "long" }, options);
  }

  add(key: string, delta: number): void {
    const slot = this.slot(key, () => ({ v: 0 }));
    if (slot !== undefined) slot.v += delta;
  }

  get(key: string): number {
    return this.map.get(key)?.v ?? 0;
  }

  protected exact(value: { v: number }): bigint {
    return BigInt(value.v);
  }

  protected text(value: { v: number }): string {
    return `=${value.v}`;
  }
}

interface Stats {
  count: number;
  sum: number;
  min: number;
  max: number;
}

/** `string -> stats` with count, sum, min, max. */
export class FakeStatsArray extends FakeArray<Stats> {
  constructor(name: string, options: FakeOptions = {}) {
    super(name, { kind: "stats", aggregates: ["count", "sum", "min", "max"], hist: null }, options);
  }

  add(key: string, sample: number): void {
    const s = this.slot(key, () => ({ count: 0, sum: 0, min: Infinity, max: -Infinity }));
    if (s === undefined) return;
    s.count++;
    s.sum += sample;
    s.min = Math.min(s.min, sample);
    s.max = Math.max(s.max, sample);
  }

  count(key: string): number {
    return this.map.get(key)?.count ?? 0;
  }

  protected exact(s: Stats): StatsSnapshot {
    return { count: BigInt(s.count), sum: BigInt(s.sum), min: BigInt(s.min), max: BigInt(s.max) };
  }

  protected text(s: Stats): string {
    return ` @count=${s.count} @min=${s.min} @max=${s.max} @sum=${s.sum}`;
  }
}

/** What a generated index.ts would export for a declaration with these two arrays. */
export type NetstatArrays = {
  readonly hits: FakeLongArray;
  readonly latency: FakeStatsArray;
};

export const netstat: ArrayFactory<NetstatArrays> = {
  module: "netstat",
  create: () => ({
    hits: new FakeLongArray("hits", { maxEntries: 2, display: true }),
    latency: new FakeStatsArray("latency"),
  }),
};
