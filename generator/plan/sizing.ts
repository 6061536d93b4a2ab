/**
 * Storage sizing. Entries are preallocated up to a bound (sizing from maxEntries up front is
 * free speed: growing from small costs ~2x on inserts, reference/ts-calibration.md A.1); past
 * it storage starts at the bound and doubles towards the capacity, so a declaration with
 * maxEntries near 2^31 does not reserve gigabytes it may never use.
 */
import type { ArrayModel } from "../model/model.js";

export const PREALLOCATE_LIMIT = 1 << 20;
/** growLimit when none is declared: int32 indexes every column. */
export const NO_GROW_LIMIT = 2 ** 31 - 1;

export function initialStorage(array: ArrayModel): number {
  return Math.min(array.maxEntries, PREALLOCATE_LIMIT);
}

/** Slots of the open-addressing index for `entries`: a power of two, load at most 1/2. */
export function slotCount(entries: number): number {
  let n = 8;
  while (n < entries * 2) n *= 2;
  return n;
}
