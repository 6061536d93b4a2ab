/**
 * The output part of the end-of-module report: transport failures and each array's drops and
 * evictions. Pure text builders; the probe module decides when to write them (`reportSync`).
 *
 * Lines (each ends with a newline):
 * - `WARNING: There were N transport failures (stream unix:/tmp/s: N).` when N > 0, listing
 *   each transport that failed (SystemTap's `There were %d transport failures. ...`).
 * - `WARNING: Array 'NAME' dropped N new keys (onFull drop, size limit MAX)` when N > 0.
 * - `WARNING: Array 'NAME' evicted N entries (onFull wrap, size limit MAX)` when N > 0.
 */
import type { ArraySet } from "../contract.js";

export interface TransportFailureCount {
  readonly label: string;
  readonly failures: number;
}

export function transportFailureReport(transports: readonly TransportFailureCount[]): string {
  const failing = transports.filter((t) => t.failures > 0);
  const total = failing.reduce((n, t) => n + t.failures, 0);
  if (total === 0) return "";
  const detail = failing.map((t) => `${t.label}: ${t.failures}`).join(", ");
  return `WARNING: There were ${total} transport failures (${detail}).\n`;
}

export function arrayLossReport(arrays: ArraySet): string {
  let text = "";
  for (const name of Object.keys(arrays)) {
    const a = arrays[name];
    if (a === undefined) continue;
    const c = a.counters();
    const d = a.descriptor;
    if (c.dropped > 0) text += `WARNING: Array '${d.name}' dropped ${c.dropped} new keys (onFull ${d.onFull}, size limit ${c.capacity})\n`;
    if (c.evicted > 0) text += `WARNING: Array '${d.name}' evicted ${c.evicted} entries (onFull ${d.onFull}, size limit ${c.capacity})\n`;
  }
  return text;
}
