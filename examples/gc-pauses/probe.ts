/**
 * A probe project on PerformanceObserver entries: how long garbage collections pause the
 * process, by kind, and how long timerified functions take. At the end it prints each
 * histogram in SystemTap's format.
 */
import { constants, type PerformanceEntry } from "node:perf_hooks";
import { defineProbeModule, type TransportSpec } from "probegen/runtime";
import { arrays } from "./generated/index.js";

const GC_KINDS: Readonly<Record<number, string>> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: "minor",
  [constants.NODE_PERFORMANCE_GC_MAJOR]: "major",
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: "incremental",
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: "weakcb",
};

function gcKind(entry: PerformanceEntry): string {
  // A gc entry's `detail.kind` (Node's typings of PerformanceEntry leave `detail` out).
  const kind = (entry as { readonly detail?: { readonly kind?: number } }).detail?.kind;
  return kind === undefined ? "unknown" : (GC_KINDS[kind] ?? `kind${kind}`);
}

/** Microseconds, as a long (entries carry fractional milliseconds). */
const micros = (ms: number): number => Math.round(ms * 1000);

export function gcPausesProbe(transports?: readonly TransportSpec[]) {
  return defineProbeModule({
    arrays,
    probes: {
      "perf:gc": (ctx, entry) => ctx.arrays.pauses.add(gcKind(entry), micros(entry.duration)),
      "perf:function": (ctx, entry) => ctx.arrays.calls.add(entry.name, micros(entry.duration)),
      end: (ctx) => {
        for (const { key } of ctx.arrays.pauses.entries({ sort: { by: "count", order: "desc" } })) {
          const kind = key[0] as string;
          ctx.println(`gc ${kind} pauses (us):`);
          ctx.print(ctx.arrays.pauses.hist(kind));
        }
        for (const { key } of ctx.arrays.calls.entries({ sort: { by: "max", order: "desc" }, limit: 5 })) {
          const name = key[0] as string;
          ctx.printf("%s: %d calls, avg %d us, max %d us\n", name, ctx.arrays.calls.count(name), ctx.arrays.calls.avg(name), ctx.arrays.calls.max(name));
        }
      },
    },
    options: { maxErrors: 10, ...(transports ? { transports } : {}) },
  });
}
