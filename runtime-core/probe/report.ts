/**
 * The end report of a probe module, as one string: why it stopped; per array its size,
 * capacity, drops and evictions; the contents of the arrays declared `display: true` (their
 * whole-array text form); then SystemTap's exit warnings when there is something to warn about.
 *
 * Guarantees: pure (reads the arrays, writes nothing) and never throws: an array that fails to
 * print is reported as such, so the report still comes out on an abrupt exit.
 *
 *     probegen: module netstat stopped (too many errors: 1 > maxErrors 0)
 *     probegen: array counts: size 2, capacity 1024, dropped 0, evicted 0
 *     counts["GET /"]=3
 *     counts["GET /x"]=1
 *     WARNING: Number of errors: 1, skipped probes: 0
 *     WARNING: There were 4 transport failures
 */
import type { ArraySet } from "../contract.js";
import type { ProbeStopReason } from "./types.js";

export interface ReportInput {
  readonly module: string;
  readonly reason: ProbeStopReason;
  readonly arrays: ArraySet | null;
  readonly errors: number;
  readonly skipped: number;
  readonly transportFailures: number;
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
  if (input.errors > 0 || input.skipped > 0) {
    text += `WARNING: Number of errors: ${input.errors}, skipped probes: ${input.skipped}\n`;
  }
  if (input.transportFailures > 0) {
    text += `WARNING: There were ${input.transportFailures} transport failures\n`;
  }
  return text;
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
  }
}

export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
