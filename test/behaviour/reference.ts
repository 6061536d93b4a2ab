/**
 * The reference model the generated classes are tested against: a plain Map in insertion
 * order, written for obviousness, not speed, straight from semantics.md. It shares no code with
 * the runtime (its own UTF-8 truncation, its own byte order, bigint everywhere).
 */
import type { KeyKind, Policy } from "../../generator/model/model.js";

export type LongIn = number | bigint;
export type Field = LongIn | string;
export type Exact = bigint | string;

export class RefInvalidLong extends Error {}
export class RefOverflow extends Error {
  constructor(readonly limit: number) {
    super(`overflow (${limit})`);
  }
}

const MIN = -(2n ** 63n);
const MAX = 2n ** 63n - 1n;

export function refLong(v: unknown): bigint {
  if (typeof v === "number" && Number.isSafeInteger(v)) return BigInt(v);
  if (typeof v === "bigint" && v >= MIN && v <= MAX) return v;
  throw new RefInvalidLong(String(v));
}

export function refTruncate(s: string, max: number): string {
  const nul = s.indexOf("\0");
  if (nul >= 0) s = s.slice(0, nul);
  // Strings are their UTF-8 bytes: a lone surrogate encodes (and so reads back) as U+FFFD.
  const bytes = Buffer.from(s, "utf8");
  if (bytes.length <= max) return bytes.toString("utf8");
  let cut = max;
  while (cut > 0 && (bytes[cut]! & 0xc0) === 0x80) cut--;
  return bytes.subarray(0, cut).toString("utf8");
}

export function refCompare(a: Exact, b: Exact): number {
  if (typeof a === "bigint" && typeof b === "bigint") return a < b ? -1 : a > b ? 1 : 0;
  return Buffer.compare(Buffer.from(a as string, "utf8"), Buffer.from(b as string, "utf8"));
}

/** A stats value by the definitions of semantics.md, kept as the samples themselves. */
export class RefStats {
  readonly samples: bigint[] = [];
  n = 0;
  mean = 0;
  m2 = 0;

  record(x: bigint): void {
    this.samples.push(x);
    const xd = Number(x);
    this.n += 1;
    const d = xd - this.mean;
    this.mean += d / this.n;
    this.m2 += d * (xd - this.mean);
  }

  get count(): bigint {
    return BigInt(this.samples.length);
  }
  get sum(): bigint {
    return this.samples.reduce((a, b) => BigInt.asIntN(64, a + b), 0n);
  }
  get min(): bigint {
    return this.samples.reduce((a, b) => (b < a ? b : a));
  }
  get max(): bigint {
    return this.samples.reduce((a, b) => (b > a ? b : a));
  }
  get avg(): bigint {
    return this.sum / this.count;
  }
  get variance(): bigint {
    if (this.n < 2) return 0n;
    const q = Math.trunc(this.m2 / (this.n - 1));
    return q >= 2 ** 63 ? 2n ** 63n - 1n : BigInt(q);
  }
}

export type RefHist = { kind: "log2" } | { kind: "linear"; start: bigint; interval: bigint; buckets: number };

/** Bucket index by the definitions: bit lengths for log2, floor division for linear. */
export function refBucket(h: RefHist, v: bigint): number {
  if (h.kind === "log2") {
    if (v === 0n) return 64;
    const bits = (v < 0n ? -v : v).toString(2).length;
    return v > 0n ? 64 + bits : 64 - bits;
  }
  if (v < h.start) return 0;
  const i = (v - h.start) / h.interval;
  return i >= BigInt(h.buckets) ? h.buckets + 1 : Number(i) + 1;
}

export interface RefConfig {
  readonly keys: readonly KeyKind[];
  readonly value: "long" | "string" | "stats";
  readonly maxEntries: number;
  readonly maxStringLength: number;
  readonly onFull: Policy;
  readonly growLimit: number | null;
}

export interface Entry {
  key: Exact[];
  value: Exact | RefStats;
}

export class RefArray {
  /** Insertion order of a Map is creation order: updates keep their place, re-creation moves to the end. */
  readonly entries = new Map<string, Entry>();
  /** Least recently used first. */
  readonly uses = new Map<string, true>();
  capacity: number;
  dropped = 0;
  evicted = 0;

  constructor(readonly config: RefConfig) {
    this.capacity = config.maxEntries;
  }

  normKey(fields: readonly Field[]): { id: string; key: Exact[] } {
    const key = fields.map((f, i) =>
      this.config.keys[i] === "long" ? refLong(f) : refTruncate(f as string, this.config.maxStringLength),
    );
    return { id: JSON.stringify(key.map((k) => (typeof k === "bigint" ? `L${k}` : `S${k}`))), key };
  }

  #use(id: string): void {
    this.uses.delete(id);
    this.uses.set(id, true);
  }

  #remove(id: string): void {
    this.entries.delete(id);
    this.uses.delete(id);
  }

  /** The entry for a write, created if needed; null when dropped. */
  #upsert(id: string, key: Exact[]): Entry | null {
    const found = this.entries.get(id);
    if (found) {
      this.#use(id);
      return found;
    }
    if (this.entries.size >= this.capacity) {
      switch (this.config.onFull) {
        case "fail":
          throw new RefOverflow(this.config.maxEntries);
        case "drop":
          this.dropped++;
          return null;
        case "wrap":
          this.evicted++;
          this.#remove(this.entries.keys().next().value!);
          break;
        case "lru":
          this.evicted++;
          this.#remove(this.uses.keys().next().value!);
          break;
        case "grow": {
          const limit = this.config.growLimit ?? 2 ** 31 - 1;
          if (this.capacity >= limit) throw new RefOverflow(limit);
          this.capacity = Math.min(this.capacity * 2, limit);
        }
      }
    }
    const e: Entry = { key, value: this.config.value === "long" ? 0n : this.config.value === "stats" ? new RefStats() : "" };
    this.entries.set(id, e);
    this.#use(id);
    return e;
  }

  #value(v: unknown): Exact {
    return this.config.value === "string" ? refTruncate(v as string, this.config.maxStringLength) : refLong(v);
  }

  /** One stats entry, read as a use (null when absent). */
  stats(fields: readonly Field[]): RefStats | null {
    const { id } = this.normKey(fields);
    const e = this.entries.get(id);
    if (!e) return null;
    this.#use(id);
    return e.value as RefStats;
  }

  set(fields: readonly Field[], v: unknown): void {
    const { id, key } = this.normKey(fields);
    const value = this.#value(v);
    const e = this.#upsert(id, key);
    if (e) e.value = value;
  }

  add(fields: readonly Field[], v: unknown): void {
    const { id, key } = this.normKey(fields);
    const value = this.#value(v);
    const e = this.#upsert(id, key);
    if (!e) return;
    if (e.value instanceof RefStats) e.value.record(value as bigint);
    else if (typeof value === "bigint") e.value = BigInt.asIntN(64, (e.value as bigint) + value);
    else e.value = refTruncate((e.value as string) + value, this.config.maxStringLength);
  }

  get(fields: readonly Field[]): Exact {
    const { id } = this.normKey(fields);
    const e = this.entries.get(id);
    if (!e) return this.config.value === "long" ? 0n : "";
    this.#use(id);
    return e.value as Exact;
  }

  has(fields: readonly Field[]): boolean {
    return this.entries.has(this.normKey(fields).id);
  }

  delete(fields: readonly Field[]): boolean {
    const { id } = this.normKey(fields);
    const had = this.entries.has(id);
    this.#remove(id);
    return had;
  }

  clear(): void {
    this.entries.clear();
    this.uses.clear();
  }

  view(by: string | null, desc: boolean, limit: number | undefined): Entry[] {
    let list = [...this.entries.values()];
    if (by !== null) {
      const pick = (e: Entry): Exact =>
        by === "value"
          ? (e.value as Exact)
          : by.startsWith("key")
            ? e.key[Number(by.slice(3)) - 1]!
            : (e.value as RefStats)[by as "count" | "sum" | "min" | "max" | "avg" | "variance"];
      list = list.sort((a, b) => (desc ? -1 : 1) * refCompare(pick(a), pick(b)));
    }
    return limit === undefined ? list : list.slice(0, limit);
  }
}
