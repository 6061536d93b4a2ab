// Declaration of the gc-pauses probe project: garbage-collection pauses and the durations of
// timerified functions, as log2 histograms in microseconds.
import { defineArrays } from "probegen";

export default defineArrays({
  module: "gcpauses",
  arrays: {
    // GC pause per kind of collection (minor, major, incremental, weakcb).
    pauses: { keys: { kind: "string" }, value: { stats: { hist: "log2" } }, maxEntries: 16, display: true },
    // Calls of functions wrapped with performance.timerify, by name.
    calls: {
      keys: { name: "string" },
      value: { stats: { aggregates: ["count", "avg", "max"], hist: "log2" } },
      maxEntries: 256,
      onFull: "drop",
    },
  },
});
