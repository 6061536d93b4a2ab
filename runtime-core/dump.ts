/**
 * Memory dumps in the canonical `hexdump -C` layout.
 *
 * Guarantees:
 * - `hexdump(bytes)` is byte for byte what util-linux `hexdump -C` prints for the same bytes;
 *   `hexdump(bytes, { offset, length })` is what `hexdump -C -s offset -n length FILE` prints
 *   (offsets shown are positions in `bytes`). Layout: 8-digit lowercase hex offset, two spaces,
 *   two groups of 8 bytes as `xx ` with one more space between the groups, `|ascii|` (0x20-0x7e
 *   as they are, every other byte `.`), each line ending in `\n`; a full line equal to the
 *   previous full line is replaced by one `*` line; the last line is the end offset. Empty
 *   data prints nothing at all (not even the offset line).
 * - At most 4096 bytes per dump (SystemTap's PAGE_SIZE guard): a longer range throws
 *   `DumpTooLargeError` ("N is too many bytes for a memory dump", N the bytes in the range).
 * - `offset` beyond the data, or a negative/non-integer offset or length, is a RangeError (a
 *   caller bug, not a probe error); a `length` past the end is cut to the data, as `-n` is.
 */
import { DumpTooLargeError } from "./errors.js";

/** The most bytes one dump may show. */
export const MAX_DUMP_BYTES = 4096;

export interface HexdumpOptions {
  /** First byte to show (default 0); the offsets printed are positions in the data. */
  readonly offset?: number;
  /** How many bytes to show (default: to the end); cut to the data. */
  readonly length?: number;
}

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, "0") + " ");
const ASCII = Array.from({ length: 256 }, (_, b) => (b >= 0x20 && b <= 0x7e ? String.fromCharCode(b) : "."));
const BLANK = "   ";

function offsetText(n: number): string {
  // hexdump prints at least 8 digits and more when the offset needs them.
  return n.toString(16).padStart(8, "0");
}

function checkIndex(v: number, what: string): void {
  if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`hexdump ${what} must be a non-negative integer, got ${v}`);
}

function sameLine(bytes: Uint8Array, a: number, b: number): boolean {
  for (let i = 0; i < 16; i++) if (bytes[a + i] !== bytes[b + i]) return false;
  return true;
}

/** The `hexdump -C` text of `bytes` (or of the range `offset`, `length` of it). */
export function hexdump(bytes: Uint8Array, opts: HexdumpOptions = {}): string {
  const start = opts.offset ?? 0;
  checkIndex(start, "offset");
  if (start > bytes.length) throw new RangeError(`hexdump offset ${start} is beyond the data (${bytes.length} bytes)`);
  let count = bytes.length - start;
  if (opts.length !== undefined) {
    checkIndex(opts.length, "length");
    count = Math.min(count, opts.length);
  }
  if (count > MAX_DUMP_BYTES) throw new DumpTooLargeError(count);
  if (count === 0) return "";

  const end = start + count;
  let out = "";
  let starred = false;
  for (let line = start; line < end; line += 16) {
    const n = Math.min(16, end - line);
    if (n === 16 && line > start && sameLine(bytes, line - 16, line)) {
      if (!starred) out += "*\n";
      starred = true;
      continue;
    }
    starred = false;
    let hex = "";
    let ascii = "";
    for (let i = 0; i < 16; i++) {
      if (i === 8) hex += " ";
      if (i < n) {
        const b = bytes[line + i]!;
        hex += HEX[b];
        ascii += ASCII[b];
      } else hex += BLANK;
    }
    out += offsetText(line) + "  " + hex + " |" + ascii + "|\n";
  }
  return out + offsetText(end) + "\n";
}
