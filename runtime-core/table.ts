/**
 * Small helpers generated tables inline on their hot paths (TurboFan inlines functions this
 * size): the slot hash, slot sizing, key-word comparison, string key checks.
 */
import { webcrypto } from "node:crypto";
import { ProbeError } from "./errors.js";
import { truncateUtf8 } from "./strings.js";

/**
 * murmur3's fmix32 avalanche, the last step of every slot hash. Address-like keys (low 12 bits
 * zero) and sequential keys both spread after it, which keeps linear probing short on them
 * (reference/c-tables.md §4.3).
 */
export function hashFinish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** The most entries one slot table indexes: 2^30 slots at load 1/2, a mask that fits int32. */
export const MAX_INDEXED_ENTRIES = 2 ** 29;

/** Slots for `entries` entries: a power of two, load factor at most 1/2. */
export function slotCountFor(entries: number): number {
  if (entries > MAX_INDEXED_ENTRIES) {
    throw new RangeError(`probegen: an array cannot index more than ${MAX_INDEXED_ENTRIES} entries (asked for ${entries})`);
  }
  let n = 8;
  while (n < entries * 2) n *= 2;
  return n;
}

/**
 * This process's slot-hash seed: random, so nobody can choose long keys that all land in one
 * probe run (flooding turns every operation linear). Results never depend on it: iteration is
 * creation order, not slot order.
 */
export const HASH_SEED: number = webcrypto.getRandomValues(new Int32Array(1))[0]!;

/** Signed int64 order of two longs given as (low, high) 32-bit words. */
export function compareLongWords(alo: number, ahi: number, blo: number, bhi: number): number {
  if (ahi !== bhi) return ahi < bhi ? -1 : 1;
  const a = alo >>> 0;
  const b = blo >>> 0;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A string argument is not a string (plain JS callers only: the types forbid it). */
export class InvalidStringError extends ProbeError {
  override name = "InvalidStringError";
  constructor(readonly value: unknown) {
    super(`invalid string: ${typeof value}`);
  }
}

/** Checks a string argument and cuts it to the array's limit. */
export function keyString(s: string, maxBytes: number): string {
  if (typeof s !== "string") throw new InvalidStringError(s);
  return truncateUtf8(s, maxBytes);
}

/** Validates a view's `limit`: an integer >= 1, or absent. */
export function checkLimit(limit: number | undefined): number | undefined {
  if (limit === undefined) return undefined;
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`invalid limit: ${limit} (an integer >= 1)`);
  return limit;
}
