/**
 * The end report of a probe module, as one string: why it stopped; per array its size,
 * capacity, drops and evictions; the contents of the arrays declared `display: true` (their
 * whole-array text form); then the warnings when there is something to warn about: arrays that
 * lost keys (io/report.ts), errors and skipped probes (SystemTap's exit line), transport
 * failures per transport (io/report.ts).
 *
 * Guarantees: pure (reads the arrays, writes nothing) and never throws: an array that fails to
 * print is reported as such, so the report still comes out on an abrupt exit.
 *
 *     probegen: module netstat stopped (too many errors: 1 > maxErrors 0)
 *     probegen: array counts: size 2, capacity 1024, dropped 0, evicted 0
 *     counts["GET /"]=3
 *     counts["GET /x"]=1
 *     WARNING: Array 'counts' dropped 2 new keys (onFull drop, size limit 2)
 *     WARNING: Number of errors: 1, skipped probes: 0
 *     WARNING: There were 4 transport failures (stream unix:/tmp/s: 4).
 */
import type { ArraySet, Output } from "../contract.js";
import { arrayLossReport, transportFailureReport, type TransportFailureCount } from "../io/report.js";
import type { ProbeStopReason } from "./types.js";

export interface ReportInput {
  readonly module: string;
  readonly reason: ProbeStopReason;
  readonly arrays: ArraySet | null;
  readonly errors: number;
  readonly skipped: number;
  readonly transports: readonly TransportFailureCount[];
}

/** Failures per transport when the output can tell (createOutput's), else one total. */
export function transportFailures(output: Output): TransportFailureCount[] {
  try {
    const counts = (output as { readonly transportCounts?: unknown }).transportCounts;
    if (typeof counts === "function") return (counts as () => TransportFailureCount[]).call(output);
    return [{ label: "output", failures: output.transportFailures }];
  } catch {
    return [];
  }
}

export function formatReport(input: ReportInput): string {
  const lines = [`probegen: module ${input.module} stopped${describeReason(input.reason)}`];
  const arrays = input.arrays === null ? [] : Object.entries(input.arrays);
  for (const [name, array] of arrays) {
    try {
      const c = array.counters();
      lines.push(
        `probegen: array ${name}: size ${c.size}, capacity ${c.capacity}, dropped ${c.dropped}, evicted ${c.evicted}`,
      );
    } catch (error) {
      lines.push(`probegen: array ${name}: counters failed: ${messageOf(error)}`);
    }
  }
  let text = lines.join("\n") + "\n";
  for (const [name, array] of arrays) {
    try {
      if (array.descriptor.display) text += array.printText();
    } catch (error) {
      text += `probegen: array ${name}: printing failed: ${messageOf(error)}\n`;
    }
  }
  if (input.arrays !== null) {
    try {
      text += arrayLossReport(input.arrays);
    } catch (error) {
      text += `probegen: array losses failed: ${messageOf(error)}\n`;
    }
  }
  if (input.errors > 0 || input.skipped > 0) {
    text += `WARNING: Number of errors: ${input.errors}, skipped probes: ${input.skipped}\n`;
  }
  return text + transportFailureReport(input.transports);
}

function describeReason(reason: ProbeStopReason): string {
  switch (reason.kind) {
    case "stop":
      return "";
    case "exit":
      return ` (exit() in probe ${reason.probe})`;
    case "errors":
      return ` (too many errors: ${reason.errors} > maxErrors ${reason.maxErrors})`;
    case "overload":
      return ` (overload: ${reason.message})`;
    case "process-exit":
      return ` (process exit, code ${reason.code})`;
    case "start-failed":
      return ` (start failed: ${reason.message})`;
  }
}

export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
