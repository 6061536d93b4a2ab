/**
 * Every runtime symbol generated code may import from `probegen/runtime`, by name. A test
 * checks that each value symbol is exported by runtime-core/index.ts; type symbols are checked
 * by type-checking generated code.
 */
export const RUNTIME_SYMBOLS = {
  ArrayCounters: "type",
  ArrayDescriptor: "type",
  ArrayEntry: "type",
  ArrayFactory: "type",
  EntryComparator: "type",
  HistLayout: "type",
  KeyField: "type",
  ProbeArray: "type",
  SortField: "type",
  StatsSnapshot: "type",
  ViewOptions: "type",
  ArrayOverflowError: "value",
  EmptyAggregateError: "value",
  HASH_SEED: "value",
  addWrap: "value",
  avgResult: "value",
  checkLimit: "value",
  compareBig: "value",
  compareLongWords: "value",
  compareUtf8: "value",
  formatArrayJSON: "value",
  formatArrayText: "value",
  formatHistBpftrace: "value",
  formatHistSystemtap: "value",
  hashFinish: "value",
  invalidLong: "value",
  isSafeBig: "value",
  joinWords: "value",
  keyString: "value",
  linearBucket: "value",
  linearBucketBig: "value",
  log2Bucket: "value",
  log2BucketBig: "value",
  orderEntries: "value",
  slotCountFor: "value",
  toBigLong: "value",
  truncateUtf8: "value",
  varianceResult: "value",
} as const satisfies Record<string, "type" | "value">;

export type RuntimeSymbol = keyof typeof RUNTIME_SYMBOLS;

/** The import list of a generated module: sorted, types marked, one per line. */
export function importList(symbols: Iterable<RuntimeSymbol>): string {
  return [...new Set(symbols)]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((s) => (RUNTIME_SYMBOLS[s] === "type" ? `type ${s},` : `${s},`))
    .join("\n  ");
}
