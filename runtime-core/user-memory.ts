/**
 * Fault-safe reads of memory the probe does not own (SystemTap's copy.c / uaccess tapset).
 *
 * Guarantees:
 * - No read here throws on a fault. An address that is not an integer in 0 .. 2^64-1, or
 *   whose bytes the source cannot read, is a fault with a defined result:
 *   - `copyFromUser(dst, src, addr, len)`: the number of bytes NOT copied (0 = all). The bytes
 *     before the first unreadable one are copied, none after; when not even the first byte is
 *     readable the result is -14 (-EFAULT) and `dst` is untouched.
 *   - `userString(src, addr, maxLength, fallback)`: the bytes up to the first NUL or `maxLength`
 *     bytes, decoded as UTF-8 (a character cut by the limit is dropped, invalid bytes become
 *     U+FFFD, the result never exceeds `maxLength` bytes of UTF-8). A fault anywhere before the
 *     NUL or the limit (as kernel `strncpy_from_user`) returns `fallback` (default `<unknown>`)
 *     and emits the warning `user string copy fault -14 at 0xADDR`.
 *   - Integer readers (`userInt8` .. `userUint64`, little-endian): on a fault (any of the value's
 *     bytes unreadable) they return 0 (0n for 64-bit), like SystemTap's `user_int()` etc., and
 *     emit the warning `user <type> copy fault -14 at 0xADDR`, like its `user_*_warn` variants,
 *     so a probe can tell a real 0 from a fault by the warning count.
 * - Warnings go to the `warn` sink passed to the call; without one, to the default sink, a
 *   module-level counter read by `userMemoryWarnings()` (reset by `resetUserMemoryWarnings()`).
 * - Misuse that is not a fault (a negative or fractional `len`, `len` beyond `dst`, a bad
 *   `maxLength`) throws RangeError.
 * - Sources: `createRegionMemory` (in-process ArrayBuffer/SharedArrayBuffer regions at chosen
 *   base addresses) and `openProcessMemory` (another process through /proc/PID/mem, Linux).
 */
import { truncateUtf8 } from "./strings.js";

export { openProcessMemory, type ProcessMemory } from "./proc-mem.js";

/** A user-space address: a safe integer, or a bigint up to 2^64-1. */
export type Address = number | bigint;

/** Memory a probe can read but does not own. */
export interface UserMemory {
  /**
   * Copies bytes from `addr` on into `dst`, from `dst[0]`, until `dst` is full or at the first
   * unreadable byte; returns how many were copied (0 when `addr` itself is unreadable). Writes
   * no byte of `dst` beyond that count; never throws for a valid address (the free functions
   * below only pass valid ones).
   */
  read(addr: Address, dst: Uint8Array): number;
}

/** Where warnings go: e.g. `(m) => output.warn(m)`. */
export type WarningSink = (message: string) => void;

/** -EFAULT, SystemTap's result when not even the first byte is readable. */
export const EFAULT = -14;

/** The default user string limit: the declaration default `maxStringLength`. */
export const DEFAULT_USER_STRING_LENGTH = 128;

export interface RegionSpec {
  /** Address of the first byte. */
  readonly base: Address;
  readonly buffer: ArrayBuffer | SharedArrayBuffer | ArrayBufferView;
}

const ADDRESS_LIMIT = 2n ** 64n;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

interface Region {
  readonly base: bigint;
  readonly end: bigint;
  /** `base` as a number when safe (fast path for number addresses), else -1. */
  readonly baseNum: number;
  readonly bytes: Uint8Array;
}

function viewOf(buffer: RegionSpec["buffer"]): Uint8Array {
  if (ArrayBuffer.isView(buffer)) return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  return new Uint8Array(buffer);
}

/**
 * In-process memory: each region's bytes readable at `base .. base + byteLength - 1`, every
 * other address a fault. Regions must not overlap; a read continues into a region that starts
 * exactly where the previous one ends. The bytes are read live (no copy is taken).
 */
export function createRegionMemory(regions: RegionSpec | readonly RegionSpec[]): UserMemory {
  const list: Region[] = (Array.isArray(regions) ? (regions as readonly RegionSpec[]) : [regions as RegionSpec]).map(
    (r) => {
      const base = validAddress(r.base);
      if (base === null) throw new RangeError(`invalid region base ${String(r.base)}`);
      const bytes = viewOf(r.buffer);
      const b = BigInt(base);
      const end = b + BigInt(bytes.length);
      if (end > ADDRESS_LIMIT) throw new RangeError(`region at 0x${b.toString(16)} runs past 2^64`);
      return { base: b, end, baseNum: b <= MAX_SAFE ? Number(b) : -1, bytes };
    },
  );
  list.sort((a, b) => (a.base < b.base ? -1 : a.base > b.base ? 1 : 0));
  for (let i = 1; i < list.length; i++) {
    if (list[i]!.base < list[i - 1]!.end) throw new RangeError("memory regions overlap");
  }

  function offsetIn(r: Region, addr: Address): number {
    if (typeof addr === "number" && r.baseNum >= 0) {
      return addr >= r.baseNum && addr - r.baseNum < r.bytes.length ? addr - r.baseNum : -1;
    }
    const a = BigInt(addr);
    return a >= r.base && a < r.end ? Number(a - r.base) : -1;
  }

  return {
    read(addr: Address, dst: Uint8Array): number {
      let done = 0;
      let i = 0;
      let off = -1;
      for (; i < list.length; i++) {
        off = offsetIn(list[i]!, addr);
        if (off >= 0) break;
      }
      while (i < list.length && off >= 0) {
        const r = list[i]!;
        const n = Math.min(r.bytes.length - off, dst.length - done);
        dst.set(r.bytes.subarray(off, off + n), done);
        done += n;
        if (done === dst.length) break;
        i++;
        off = i < list.length && list[i]!.base === r.end ? 0 : -1;
      }
      return done;
    },
  };
}

/** The address as given when it is an integer in 0 .. 2^64-1, else null (a fault). */
function validAddress(addr: Address): Address | null {
  if (typeof addr === "number") return Number.isSafeInteger(addr) && addr >= 0 ? addr : null;
  if (typeof addr === "bigint") return addr >= 0n && addr < ADDRESS_LIMIT ? addr : null;
  return null;
}

/** `0x` + lowercase hex, as `%lx` prints it (two's complement for a negative integer). */
export function formatAddress(addr: Address): string {
  if (typeof addr === "number" && !Number.isSafeInteger(addr)) return String(addr);
  return "0x" + BigInt.asUintN(64, BigInt(addr)).toString(16);
}

function checkCount(v: number, what: string): void {
  if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`${what} must be a non-negative integer, got ${v}`);
}

/** The readable prefix length, 0 on a bad address; a source that throws counts as a fault. */
function readPrefix(src: UserMemory, addr: Address, dst: Uint8Array): number {
  if (validAddress(addr) === null) return 0;
  try {
    return src.read(addr, dst);
  } catch {
    return 0;
  }
}

/**
 * Copies `len` bytes at `addr` into `dst[0 .. len)`. Returns the bytes NOT copied (0 = all),
 * or -14 when the first byte is unreadable (then `dst` is untouched). `len` 0 returns 0.
 */
export function copyFromUser(dst: Uint8Array, src: UserMemory, addr: Address, len: number): number {
  checkCount(len, "copy length");
  if (len > dst.length) throw new RangeError(`copy length ${len} exceeds the destination (${dst.length} bytes)`);
  if (len === 0) return 0;
  const copied = readPrefix(src, addr, len === dst.length ? dst : dst.subarray(0, len));
  return copied === 0 ? EFAULT : len - copied;
}

// ---- warnings ----

let warningCount = 0;
let lastWarning: string | undefined;

const defaultSink: WarningSink = (message) => {
  warningCount++;
  lastWarning = message;
};

/** Warnings sent to the default sink since the start (or the last reset). */
export function userMemoryWarnings(): { readonly count: number; readonly last: string | undefined } {
  return { count: warningCount, last: lastWarning };
}

export function resetUserMemoryWarnings(): void {
  warningCount = 0;
  lastWarning = undefined;
}

function fault(kind: string, addr: Address, warn: WarningSink | undefined): void {
  (warn ?? defaultSink)(`user ${kind} copy fault ${EFAULT} at ${formatAddress(addr)}`);
}

// ---- strings ----

const decoder = new TextDecoder("utf-8");
let stringScratch = new Uint8Array(DEFAULT_USER_STRING_LENGTH);

/** Length of `bytes[0 .. n)` without an incomplete UTF-8 sequence at its end. */
function completeUtf8(bytes: Uint8Array, n: number): number {
  for (let back = 1; back <= 3 && back <= n; back++) {
    const b = bytes[n - back]!;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? n - back : n;
  }
  return n;
}

/**
 * The string at `addr`: bytes up to the first NUL or `maxLength` bytes, as UTF-8. On a fault,
 * `fallback` and a warning `user string copy fault -14 at 0xADDR` (see the module comment).
 */
export function userString(
  src: UserMemory,
  addr: Address,
  maxLength: number = DEFAULT_USER_STRING_LENGTH,
  fallback = "<unknown>",
  warn?: WarningSink,
): string {
  checkCount(maxLength, "maxLength");
  if (maxLength === 0) return "";
  if (stringScratch.length < maxLength) stringScratch = new Uint8Array(maxLength);
  const buf = stringScratch.subarray(0, maxLength);
  const got = readPrefix(src, addr, buf);
  const nul = buf.subarray(0, got).indexOf(0);
  if (nul >= 0) return decoder.decode(buf.subarray(0, nul));
  if (got < maxLength) {
    fault("string", addr, warn);
    return fallback;
  }
  return truncateUtf8(decoder.decode(buf.subarray(0, completeUtf8(buf, got))), maxLength);
}

// ---- integers ----

const intScratch = new Uint8Array(8);
const intView = new DataView(intScratch.buffer);
const SCRATCH = [intScratch.subarray(0, 1), intScratch.subarray(0, 2), null, intScratch.subarray(0, 4)] as const;

function readFixed(src: UserMemory, addr: Address, size: 1 | 2 | 4 | 8, kind: string, warn: WarningSink | undefined): boolean {
  const dst = size === 8 ? intScratch : SCRATCH[size - 1]!;
  if (readPrefix(src, addr, dst) === size) return true;
  fault(kind, addr, warn);
  return false;
}

/** Signed 8-bit integer at `addr`; 0 and a warning on a fault. */
export function userInt8(src: UserMemory, addr: Address, warn?: WarningSink): number {
  return readFixed(src, addr, 1, "int8", warn) ? intView.getInt8(0) : 0;
}

/** Unsigned 8-bit integer at `addr`; 0 and a warning on a fault. */
export function userUint8(src: UserMemory, addr: Address, warn?: WarningSink): number {
  return readFixed(src, addr, 1, "uint8", warn) ? intView.getUint8(0) : 0;
}

/** Signed 16-bit little-endian integer at `addr`; 0 and a warning on a fault. */
export function userInt16(src: UserMemory, addr: Address, warn?: WarningSink): number {
  return readFixed(src, addr, 2, "int16", warn) ? intView.getInt16(0, true) : 0;
}

/** Unsigned 16-bit little-endian integer at `addr`; 0 and a warning on a fault. */
export function userUint16(src: UserMemory, addr: Address, warn?: WarningSink): number {
  return readFixed(src, addr, 2, "uint16", warn) ? intView.getUint16(0, true) : 0;
}

/** Signed 32-bit little-endian integer at `addr`; 0 and a warning on a fault. */
export function userInt32(src: UserMemory, addr: Address, warn?: WarningSink): number {
  return readFixed(src, addr, 4, "int32", warn) ? intView.getInt32(0, true) : 0;
}

/** Unsigned 32-bit little-endian integer at `addr`; 0 and a warning on a fault. */
export function userUint32(src: UserMemory, addr: Address, warn?: WarningSink): number {
  return readFixed(src, addr, 4, "uint32", warn) ? intView.getUint32(0, true) : 0;
}

/** Signed 64-bit little-endian integer at `addr` (exact, bigint); 0n and a warning on a fault. */
export function userInt64(src: UserMemory, addr: Address, warn?: WarningSink): bigint {
  return readFixed(src, addr, 8, "int64", warn) ? intView.getBigInt64(0, true) : 0n;
}

/** Unsigned 64-bit little-endian integer at `addr` (exact, bigint); 0n and a warning on a fault. */
export function userUint64(src: UserMemory, addr: Address, warn?: WarningSink): bigint {
  return readFixed(src, addr, 8, "uint64", warn) ? intView.getBigUint64(0, true) : 0n;
}
