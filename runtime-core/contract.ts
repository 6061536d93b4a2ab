/**
 * The runtime contract: what every generated array class implements, so that the runtime's
 * generic consumers (pull endpoint, stream snapshots, end report, trace runner) can serve any
 * array without knowing its shape. The generated classes also have typed, allocation-free
 * methods of their own (set/add/get/has/delete...); everything here is the slow, exact,
 * allocating path for export and printing.
 */

export type KeyKind = "long" | "string";
export type Policy = "fail" | "wrap" | "drop" | "lru" | "grow";
export type Aggregate = "count" | "sum" | "min" | "max" | "avg" | "variance";

export type HistLayout =
  | { readonly kind: "log2" }
  | {
      readonly kind: "linear";
      readonly start: bigint;
      readonly interval: bigint;
      /** Regular buckets N; the counts array has N + 2 slots: underflow, N regular, overflow. */
      readonly buckets: number;
    };

export type ValueDescriptor =
  | { readonly kind: "long" }
  | { readonly kind: "string" }
  | { readonly kind: "stats"; readonly aggregates: readonly Aggregate[]; readonly hist: HistLayout | null };

export interface ArrayDescriptor {
  readonly name: string;
  readonly keys: readonly { readonly name: string; readonly kind: KeyKind }[];
  readonly value: ValueDescriptor;
  readonly maxEntries: number;
  readonly maxStringLength: number;
  readonly onFull: Policy;
  readonly growLimit: number | null;
  /** Print the contents in the probe module's end report. */
  readonly display: boolean;
}

export interface ArrayCounters {
  readonly size: number;
  /** The most entries the array can hold now (maxEntries, or the grown size under grow). */
  readonly capacity: number;
  /** New keys ignored under `drop`, cumulative. */
  readonly dropped: number;
  /** Entries evicted under `wrap` or `lru`, cumulative. */
  readonly evicted: number;
}

export type SortField =
  | "key1" | "key2" | "key3" | "key4" | "key5" | "key6" | "key7" | "key8" | "key9"
  | "value"
  | Aggregate;

export interface SortSpec {
  readonly by: SortField;
  readonly order?: "asc" | "desc";
}

/** Which entries, in which order: creation order unless sorted; `limit` keeps the first n. */
export interface ViewOptions {
  readonly sort?: SortSpec;
  readonly limit?: number;
}

export type KeyField = bigint | string;

/** A stats entry, exact. Only the aggregates the array has are present. */
export interface StatsSnapshot {
  readonly count: bigint;
  readonly sum?: bigint;
  readonly min?: bigint;
  readonly max?: bigint;
  readonly avg?: bigint;
  readonly variance?: bigint;
  /** Bucket counts by bucket index (128 for log2, N + 2 for linear), when a histogram is declared. */
  readonly hist?: readonly number[];
}

export type EntryValue = bigint | string | StatsSnapshot;

export interface ArrayEntry {
  readonly key: readonly KeyField[];
  readonly value: EntryValue;
}

/** Implemented by every generated array class. */
export interface ProbeArray {
  readonly descriptor: ArrayDescriptor;
  readonly size: number;
  counters(): ArrayCounters;
  clear(): void;
  /** Entries in view order with exact values (allocates; for export and printing). */
  entries(view?: ViewOptions): ArrayEntry[];
  /** Whole-array text form of semantics.md, one `\n`-terminated line per entry. */
  printText(view?: ViewOptions): string;
  /** The array's JSON line of semantics.md, without the trailing newline. */
  toJSONLine(view?: ViewOptions): string;
}

/** What a generated module's factory returns: its arrays by declared name. */
export type ArraySet = Readonly<Record<string, ProbeArray>>;

/**
 * Where a probe module's output goes (implemented in `io/`): a print buffer flushed at the end
 * of each handler, when full and at exit, over one or more transports. Never blocks the caller.
 */
export interface Output {
  print(text: string): void;
  println(text: string): void;
  printf(format: string, ...args: readonly PrintfArg[]): void;
  /** End of a probe handler: hand the buffer to the transports. */
  flush(): void;
  /** `WARNING: ...` on stderr (repeats de-duplicated with a count). */
  warn(message: string): void;
  /** `ERROR: ...` on stderr. */
  error(message: string): void;
  /** Writes synchronously to stderr and the file transport (end report; survives process.exit). */
  reportSync(text: string): void;
  /** Records that did not arrive (stream drops, write failures), cumulative. */
  readonly transportFailures: number;
  /**
   * Delivers what can still be delivered and stops taking records, so an end report written
   * afterwards counts every loss. Optional: an output that holds nothing need not have it.
   */
  drain?(): Promise<void>;
  /** The synchronous stand-in for `drain` at process exit: counts what can no longer arrive. */
  abandon?(): void;
  close(): Promise<void>;
}

/** printf arguments: longs as number or bigint, strings, bytes for %m/%M. */
export type PrintfArg = number | bigint | string | Uint8Array;

/**
 * What a generated module exports as `arrays` (the factory of its index.ts): a probe module
 * takes it as it is (`defineProbeModule({ arrays, ... })`) and calls `create()` once.
 * `A` is a type alias of the module's arrays by name, so it is assignable to ArraySet.
 */
export interface ArrayFactory<A extends ArraySet = ArraySet> {
  /** The declaration's module name. */
  readonly module: string;
  create(): A;
}
