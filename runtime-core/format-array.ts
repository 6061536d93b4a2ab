/**
 * Whole-array text and JSON forms of `semantics.md`, shared by every generated array: the
 * generated class gathers its entries (exact values, view order) and these functions print them.
 * Slow path by design: printing allocates; recording never calls this.
 */
import type { ArrayDescriptor, ArrayEntry, KeyField, StatsSnapshot } from "./contract.js";
import { histJsonBuckets } from "./hist.js";
import { longToJSON } from "./int64.js";
import { quoteString } from "./strings.js";

function keyText(key: readonly KeyField[]): string {
  return key.map((k) => (typeof k === "string" ? quoteString(k) : k.toString())).join(",");
}

/** SystemTap's display order for a stats entry: count, min, max, sum, avg (variance never shown). */
const TEXT_AGGREGATES = ["count", "min", "max", "sum", "avg"] as const;

function statsText(s: StatsSnapshot): string {
  let out = "";
  for (const a of TEXT_AGGREGATES) {
    const v = s[a];
    if (v !== undefined) out += ` @${a}=${v}`;
  }
  return out;
}

/** `NAME[k1,k2]=value` per entry (`NAME[k] @count=C ...` for stats), each line ending in `\n`. */
export function formatArrayText(descriptor: ArrayDescriptor, entries: readonly ArrayEntry[]): string {
  let out = "";
  const hasCount = descriptor.value.kind === "stats" && descriptor.value.aggregates.includes("count");
  for (const { key, value } of entries) {
    out += `${descriptor.name}[${keyText(key)}]`;
    if (typeof value === "bigint") out += `=${value}`;
    else if (typeof value === "string") out += `=${quoteString(value)}`;
    else out += statsText(hasCount ? value : withoutCount(value));
    out += "\n";
  }
  return out;
}

function withoutCount(s: StatsSnapshot): StatsSnapshot {
  const { count: _count, ...rest } = s;
  return rest as StatsSnapshot;
}

function jsonKey(key: readonly KeyField[]): string {
  return "[" + key.map((k) => (typeof k === "string" ? JSON.stringify(k) : longToJSON(k))).join(",") + "]";
}

const JSON_AGGREGATES = ["count", "sum", "min", "max", "avg", "variance"] as const;

function statsJSON(descriptor: ArrayDescriptor, s: StatsSnapshot): string {
  if (descriptor.value.kind !== "stats") throw new Error("statsJSON on a non-stats array");
  const parts: string[] = [];
  for (const a of JSON_AGGREGATES) {
    if (!descriptor.value.aggregates.includes(a)) continue;
    const v = s[a];
    if (v !== undefined) parts.push(`"${a}":${longToJSON(v)}`);
  }
  const layout = descriptor.value.hist;
  if (layout !== null && s.hist !== undefined) parts.push(`"hist":${histJsonBuckets(layout, s.hist)}`);
  return "{" + parts.join(",") + "}";
}

/** The array's JSON line (no trailing newline), as `JSON.stringify` writes it. */
export function formatArrayJSON(descriptor: ArrayDescriptor, entries: readonly ArrayEntry[]): string {
  const items = entries.map(({ key, value }) => {
    const v =
      typeof value === "bigint"
        ? longToJSON(value)
        : typeof value === "string"
          ? JSON.stringify(value)
          : statsJSON(descriptor, value);
    return `{"key":${jsonKey(key)},"value":${v}}`;
  });
  return `{"array":${JSON.stringify(descriptor.name)},"entries":[${items.join(",")}]}`;
}
