/**
 * Arrays in the Prometheus text exposition format (version 0.0.4), for the pull endpoint's
 * `/metrics`.
 *
 * Naming (documented for users; every name passes `promtool check metrics`' parser):
 * - A metric family per array: `probegen_<module>_<array>`, each part in snake_case
 *   (`routeLatency` -> `route_latency`), characters outside `[a-z0-9_]` as `_`.
 * - Labels: one per key field, named after the key in snake_case; a name starting with a digit
 *   gets a `k_` prefix, one starting with `__` (reserved) a `k` prefix, and `le`/`quantile`
 *   (reserved in histograms/summaries) become `key_le`/`key_quantile` in every family; a clash
 *   gets `_2`, `_3` (likewise a family name that two arrays would share).
 * - Label values: longs in decimal, strings with `\\`, `\"` and `\n` escaped.
 * - long arrays: `gauge`. string arrays: not exported (served under `/arrays` only).
 * - stats with a histogram: `histogram` with cumulative `_bucket{le="B"}` series whose bounds B
 *   are the inclusive upper bounds of our integer buckets, then `le="+Inf"`, `_sum` (when the
 *   array keeps `sum`) and `_count`. The bounds listed run over every bucket that has ever been
 *   non-empty in that array as seen by this exporter (log2 always includes 0), so the set of
 *   `le` series of a family only grows between scrapes and is the same for all its keys.
 * - stats without a histogram: `summary` without quantiles (`_sum`, `_count`).
 * - `min`/`max` aggregates, when the array keeps them: separate gauge families `<name>_min`,
 *   `<name>_max`.
 * Names taken from the declaration may still trip promtool's style lints (a unit abbreviation
 * such as `_ms`, a `_total` suffix on a gauge); the declaration's names are the user's to pick.
 */
import type { ArrayEntry, ArraySet, HistLayout, ProbeArray, StatsSnapshot } from "../contract.js";

/** Per-array bucket index range already exposed, so bucket sets never shrink. */
export type BucketRanges = Map<string, { lo: number; hi: number }>;

/** Reserved in histograms and summaries; renamed in every family so a key keeps one label name. */
const RESERVED_LABELS = ["le", "quantile"];

export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, "_");
}

export function metricFamilyName(module: string, array: string): string {
  return `probegen_${snakeCase(module)}_${snakeCase(array)}`;
}

export function escapeLabelValue(value: string): string {
  return value.replace(/[\\"\n]/g, (c) => (c === "\\" ? "\\\\" : c === '"' ? '\\"' : "\\n"));
}

function escapeHelp(text: string): string {
  return text.replace(/[\\\n]/g, (c) => (c === "\\" ? "\\\\" : "\\n"));
}

export function labelNames(keys: readonly { readonly name: string }[], reserved: readonly string[]): string[] {
  const used = new Set<string>();
  return keys.map((k) => {
    let name = snakeCase(k.name);
    if (name === "" || /^[0-9]/.test(name)) name = `k_${name}`;
    else if (name.startsWith("__")) name = `k${name}`;
    if (reserved.includes(name)) name = `key_${name}`;
    let unique = name;
    for (let n = 2; used.has(unique); n++) unique = `${name}_${n}`;
    used.add(unique);
    return unique;
  });
}

function labelSet(names: readonly string[], entry: ArrayEntry, extra?: string): string {
  const parts = names.map((n, i) => {
    const f = entry.key[i];
    return `${n}="${typeof f === "string" ? escapeLabelValue(f) : String(f)}"`;
  });
  if (extra !== undefined) parts.push(extra);
  return parts.length === 0 ? "" : `{${parts.join(",")}}`;
}

/** Inclusive upper bound of bucket `i`, or null for the linear overflow bucket (+Inf). */
export function bucketUpperBound(layout: HistLayout, i: number): bigint | null {
  if (layout.kind === "log2") {
    if (i === 64) return 0n;
    if (i > 64) return (1n << BigInt(i - 64)) - 1n;
    return -(1n << BigInt(63 - i));
  }
  if (i > layout.buckets) return null;
  return layout.start + BigInt(i) * layout.interval - 1n;
}

/** The full bucket range shown for `array`, widened by what its entries hold now. */
function bucketRange(layout: HistLayout, name: string, entries: readonly ArrayEntry[], ranges: BucketRanges) {
  let r = ranges.get(name);
  if (r === undefined) {
    r = layout.kind === "log2" ? { lo: 64, hi: 64 } : { lo: Infinity, hi: -Infinity };
    ranges.set(name, r);
  }
  for (const e of entries) {
    const hist = (e.value as StatsSnapshot).hist;
    if (hist === undefined) continue;
    for (let i = 0; i < hist.length; i++) {
      if (hist[i] !== 0) {
        if (i < r.lo) r.lo = i;
        break;
      }
    }
    for (let i = hist.length - 1; i >= 0; i--) {
      if (hist[i] !== 0) {
        if (i > r.hi) r.hi = i;
        break;
      }
    }
  }
  return r;
}

function renderStats(
  out: string[],
  family: string,
  array: ProbeArray,
  layout: HistLayout | null,
  ranges: BucketRanges,
  families: Set<string>,
): void {
  const d = array.descriptor;
  const entries = array.entries();
  const labels = labelNames(d.keys, RESERVED_LABELS);
  const help = `probegen ${layout === null ? "stats" : "histogram"} array '${d.name}'`;
  out.push(`# HELP ${family} ${escapeHelp(help)}`, `# TYPE ${family} ${layout === null ? "summary" : "histogram"}`);
  const range = layout === null ? null : bucketRange(layout, d.name, entries, ranges);
  for (const e of entries) {
    const v = e.value as StatsSnapshot;
    if (layout !== null && range !== null && v.hist !== undefined) {
      let cumulative = 0;
      for (let i = 0; i < range.lo && i < v.hist.length; i++) cumulative += v.hist[i] ?? 0;
      for (let i = range.lo; i <= range.hi; i++) {
        cumulative += v.hist[i] ?? 0;
        const bound = bucketUpperBound(layout, i);
        if (bound === null) break;
        out.push(`${family}_bucket${labelSet(labels, e, `le="${bound}"`)} ${cumulative}`);
      }
      out.push(`${family}_bucket${labelSet(labels, e, 'le="+Inf"')} ${v.count}`);
    }
    if (v.sum !== undefined) out.push(`${family}_sum${labelSet(labels, e)} ${v.sum}`);
    out.push(`${family}_count${labelSet(labels, e)} ${v.count}`);
  }
  for (const agg of ["min", "max"] as const) {
    if (d.value.kind !== "stats" || !d.value.aggregates.includes(agg)) continue;
    const gauge = uniqueFamily(`${family}_${agg}`, families);
    out.push(`# HELP ${gauge} ${escapeHelp(`${agg} of probegen stats array '${d.name}'`)}`, `# TYPE ${gauge} gauge`);
    for (const e of entries) {
      const x = (e.value as StatsSnapshot)[agg];
      if (x !== undefined) out.push(`${gauge}${labelSet(labels, e)} ${x}`);
    }
  }
}

/**
 * Claims a family name and the series names it implies (`_bucket`, `_sum`, `_count` for a
 * histogram or summary): a gauge named `x_count` next to a histogram `x` would otherwise share
 * names with the histogram's own series. Taken names get `_2`, `_3`... in array order.
 */
function uniqueFamily(name: string, families: Set<string>, suffixes: readonly string[] = []): string {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? name : `${name}_${n}`;
    const all = [candidate, ...suffixes.map((s) => candidate + s)];
    if (all.some((x) => families.has(x))) continue;
    for (const x of all) families.add(x);
    return candidate;
  }
}

const HISTOGRAM_SERIES = ["_bucket", "_sum", "_count"] as const;
const SUMMARY_SERIES = ["_sum", "_count"] as const;

/**
 * `/metrics` for a module's arrays. Pass the same `ranges` map to every call of one endpoint so
 * histogram bucket sets stay stable between scrapes.
 */
export function renderMetrics(module: string, arrays: ArraySet, ranges: BucketRanges = new Map()): string {
  const out: string[] = [];
  const families = new Set<string>();
  for (const name of Object.keys(arrays)) {
    const array = arrays[name];
    if (array === undefined) continue;
    const d = array.descriptor;
    if (d.value.kind === "string") continue;
    const series = d.value.kind === "long" ? [] : d.value.hist === null ? SUMMARY_SERIES : HISTOGRAM_SERIES;
    const family = uniqueFamily(metricFamilyName(module, d.name), families, series);
    if (d.value.kind === "long") {
      const labels = labelNames(d.keys, RESERVED_LABELS);
      out.push(`# HELP ${family} ${escapeHelp(`probegen array '${d.name}'`)}`, `# TYPE ${family} gauge`);
      for (const e of array.entries()) out.push(`${family}${labelSet(labels, e)} ${String(e.value)}`);
    } else {
      renderStats(out, family, array, d.value.hist, ranges, families);
    }
  }
  return out.length === 0 ? "" : `${out.join("\n")}\n`;
}
