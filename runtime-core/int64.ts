/**
 * Exact int64 for generated arrays.
 *
 * Longs cross the API as `number` (a safe integer) or `bigint` (int64 range). Storage keeps a
 * double whenever the value is a safe integer and falls back to a BigInt64Array column only
 * beyond +-(2^53-1): V8 does double arithmetic without allocating, while every `BigInt(number)`
 * costs ~50 ns (reference/ts-calibration.md A.2). Generated code marks a value held in the bigint
 * column with NaN in the double column, so one range check on the fast path catches both "result
 * left the safe range" and "operand was already big".
 */
import { InvalidLongError } from "./errors.js";

export type LongInput = number | bigint;

export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;
const TWO32 = 4294967296;

/** Validates a long argument; returns it as a bigint (slow path only). */
export function toBigLong(v: LongInput): bigint {
  if (typeof v === "number") {
    if (!Number.isSafeInteger(v)) throw new InvalidLongError(v);
    return BigInt(v);
  }
  if (typeof v === "bigint") {
    if (v < INT64_MIN || v > INT64_MAX) throw new InvalidLongError(v);
    return v;
  }
  throw new InvalidLongError(v);
}

/** Throws unless `v` is a safe integer; used by generated code on number arguments. */
export function invalidLong(v: unknown): never {
  throw new InvalidLongError(v);
}

/** Wrapping int64 addition (two's complement, as C on uint64_t). */
export function addWrap(a: bigint, b: bigint): bigint {
  return BigInt.asIntN(64, a + b);
}

/** A number when the bigint is a safe integer, else the nearest double (documented lossy read). */
export function bigToNumber(v: bigint): number {
  return Number(v);
}

/** True when a bigint fits a double exactly. */
export function isSafeBig(v: bigint): boolean {
  return v >= -9007199254740991n && v <= 9007199254740991n;
}

/**
 * Splits a long key into its low and high 32-bit words (two's complement), the form generated
 * tables store and hash. Writes `out[at]` = low word, `out[at + 1]` = high word.
 */
export function splitLong(v: LongInput, out: Int32Array, at: number): void {
  if (typeof v === "number") {
    if (!Number.isSafeInteger(v)) throw new InvalidLongError(v);
    out[at] = v >>> 0;
    out[at + 1] = Math.floor(v / TWO32);
    return;
  }
  const b = toBigLong(v);
  out[at] = Number(BigInt.asIntN(32, b));
  out[at + 1] = Number(BigInt.asIntN(32, b >> 32n));
}

/** Joins two 32-bit words back into an exact bigint. */
export function joinWords(lo: number, hi: number): bigint {
  return (BigInt(hi) << 32n) | BigInt(lo >>> 0);
}

/** Joins two 32-bit words into a number (exact when the long is a safe integer). */
export function joinWordsNumber(lo: number, hi: number): number {
  return hi * TWO32 + (lo >>> 0);
}

/** JSON encoding of a long: a number when safe, else a string of its digits (semantics.md). */
export function longToJSON(v: bigint): string {
  return isSafeBig(v) ? v.toString() : `"${v}"`;
}

/** Signed comparison of two exact longs. */
export function compareBig(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
