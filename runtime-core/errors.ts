/**
 * The errors of `semantics.md`, one class per kind. Messages are the exact texts the trace
 * runner prints after `ERROR: `; the probe module catches and counts them.
 */

/** Base class: every error a generated array or the runtime raises on purpose. */
export class ProbeError extends Error {
  override name = "ProbeError";
}

/** A new key into a full array under `fail` (or `grow` at its limit). */
export class ArrayOverflowError extends ProbeError {
  override name = "ArrayOverflowError";
  constructor(
    readonly array: string,
    readonly limit: number,
  ) {
    super(`Array '${array}' overflow, check size limit (${limit})`);
  }
}

/** min/max/avg/variance/histogram of an empty or absent stats entry. */
export class EmptyAggregateError extends ProbeError {
  override name = "EmptyAggregateError";
  constructor(readonly array: string) {
    super("empty aggregate");
  }
}

/** A long argument that is not an integer in the int64 range (1.5, NaN, 2n ** 63n, "3"). */
export class InvalidLongError extends ProbeError {
  override name = "InvalidLongError";
  constructor(readonly value: unknown) {
    super(`invalid long: ${describe(value)}`);
  }
}

/** A memory dump of more than 4096 bytes. */
export class DumpTooLargeError extends ProbeError {
  override name = "DumpTooLargeError";
  constructor(readonly bytes: number) {
    super(`${bytes} is too many bytes for a memory dump`);
  }
}

function describe(value: unknown): string {
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "string") return JSON.stringify(value);
  return String(value);
}
