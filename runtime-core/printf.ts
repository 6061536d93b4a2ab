/**
 * printf / sprintf with C semantics on int64 (trace.md "format", runtime-core.md %m %M).
 *
 * Directives: `%d %i %u %x %X %o %c %s %p %m %M %%`; flags `- + space # 0`; width and precision
 * as digits or `*` (taking a long argument, C rules: a negative `*` width left-justifies, a
 * negative `*` precision counts as absent).
 *
 * Guarantees:
 * - Longs are exact whether they arrive as a safe-integer number or an int64 bigint; anything
 *   else given for a long raises `invalid long: ...` (InvalidLongError). `%u %x %X %o %p` print
 *   the 64-bit two's complement pattern.
 * - Integer conversions follow C/glibc: precision is the minimum number of digits (precision 0
 *   prints no digits for 0, except `%#o` which prints `0`), `0` is ignored with `-` or a
 *   precision, `+`/space only affect `%d %i`, `#` adds `0x`/`0X` to non-zero `%x`/`%X` and a
 *   leading `0` to `%o` (glibc ignores `#` elsewhere, and so do we). `%p` is `0x` + lowercase hex (`0x0` for 0), padded like `%#x`.
 * - `%s` stops at a NUL (C strings); its width and precision count UTF-8 bytes; a precision cut
 *   never splits a character (the printed prefix is the longest whole-character prefix that fits),
 *   so the output is always valid UTF-8. The `0` flag pads `%s %c %m %M` with spaces.
 * - `%c` writes the one byte `v & 0xff`; `%m` writes raw bytes (precision = byte count, default
 *   the whole Uint8Array); `%M` writes them as lowercase hex (width counted on the hex text).
 *   A dump of more than 4096 bytes raises `N is too many bytes for a memory dump`.
 *   The result is a JS string, so raw bytes are decoded: the returned text is the UTF-8 decoding
 *   of the byte sequence C would write. Bytes below 0x80 are their characters, `%c%c` of 0xc3 0xa9
 *   gives "é", and a byte that is not part of a valid UTF-8 sequence becomes U+FFFD (WHATWG
 *   decoding). The C twin must write U+FFFD (EF BF BD) in the same places for traces to agree.
 * - Anything else (length modifiers such as `%ld`, unknown conversions, flags on `%%`, a string
 *   for `%d`, a long for `%s`, too many or too few arguments, a `*` value outside the C int
 *   range, a `%m`/`%M` precision beyond the bytes given) throws a PrintfError; `checkPrintf`
 *   reports the same problems as a message without formatting anything.
 * - A format is parsed once and cached (bounded cache), so repeated formats cost no parsing.
 */
import type { PrintfArg } from "./contract.js";
import { DumpTooLargeError, InvalidLongError, ProbeError } from "./errors.js";
import { INT64_MAX, INT64_MIN } from "./int64.js";
import { truncateUtf8, utf8Length } from "./strings.js";

/** A malformed printf format or argument list. */
export class PrintfError extends ProbeError {
  override name = "PrintfError";
}

export type PrintfArgKind = "long" | "string" | "bytes";

/** The most bytes one %m/%M may dump (runtime-core.md "Memory dump"). */
const MAX_DUMP = 4096;
/** Widths and precisions are C ints. */
const INT_MAX = 2147483647;

/** Conversion codes (plain numbers: enums are not erasable syntax). */
const Conv = {
  D: 0, // d i
  U: 1,
  LowerX: 2,
  UpperX: 3,
  O: 4,
  C: 5,
  S: 6,
  P: 7,
  RawM: 8,
  HexM: 9,
} as const;
type Conv = (typeof Conv)[keyof typeof Conv];

const CONVERSIONS: Readonly<Record<string, Conv>> = {
  d: Conv.D,
  i: Conv.D,
  u: Conv.U,
  x: Conv.LowerX,
  X: Conv.UpperX,
  o: Conv.O,
  c: Conv.C,
  s: Conv.S,
  p: Conv.P,
  m: Conv.RawM,
  M: Conv.HexM,
};

const LENGTH_MODIFIERS = "hlLqjzt";

interface Directive {
  readonly conv: Conv;
  /** The directive as written, for messages (`%-5d`). */
  readonly text: string;
  readonly minus: boolean;
  readonly plus: boolean;
  readonly space: boolean;
  readonly hash: boolean;
  readonly zero: boolean;
  /** -1 absent, -2 `*`, else the value. */
  readonly width: number;
  readonly precision: number;
  /** No flags, width or precision. */
  readonly simple: boolean;
}

type Segment = string | Directive;

interface Parsed {
  readonly segments: readonly Segment[];
  /** The argument kinds the format consumes, in order. */
  readonly kinds: readonly PrintfArgKind[];
  /** For each argument, the directive (and role) that consumes it, for messages. */
  readonly roles: readonly string[];
  readonly error: string | null;
}

const ABSENT = -1;
const STAR = -2;
const CACHE_LIMIT = 256;
const cache = new Map<string, Parsed>();

function parse(format: string): Parsed {
  let p = cache.get(format);
  if (p === undefined) {
    p = parseUncached(format);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(format, p);
  }
  return p;
}

function fail(error: string): Parsed {
  return { segments: [], kinds: [], roles: [], error };
}

function isDigit(c: string): boolean {
  return c >= "0" && c <= "9";
}

function parseUncached(format: string): Parsed {
  const segments: Segment[] = [];
  const kinds: PrintfArgKind[] = [];
  const roles: string[] = [];
  let literal = "";
  let i = 0;
  const n = format.length;
  while (i < n) {
    const pct = format.indexOf("%", i);
    if (pct < 0) {
      literal += format.slice(i);
      break;
    }
    literal += format.slice(i, pct);
    let j = pct + 1;
    if (j < n && format[j] === "%") {
      literal += "%";
      i = j + 1;
      continue;
    }
    let minus = false;
    let plus = false;
    let space = false;
    let hash = false;
    let zero = false;
    for (; j < n; j++) {
      const c = format[j];
      if (c === "-") minus = true;
      else if (c === "+") plus = true;
      else if (c === " ") space = true;
      else if (c === "#") hash = true;
      else if (c === "0") zero = true;
      else break;
    }
    let width = ABSENT;
    if (j < n && format[j] === "*") {
      width = STAR;
      j++;
    } else if (j < n && isDigit(format[j])) {
      const s = j;
      while (j < n && isDigit(format[j])) j++;
      width = Number(format.slice(s, j));
      if (width > INT_MAX) return fail(`printf: width too large in '${format.slice(pct, j)}'`);
    }
    let precision = ABSENT;
    if (j < n && format[j] === ".") {
      j++;
      if (j < n && format[j] === "*") {
        precision = STAR;
        j++;
      } else {
        const s = j;
        while (j < n && isDigit(format[j])) j++;
        precision = s === j ? 0 : Number(format.slice(s, j));
        if (precision > INT_MAX) return fail(`printf: precision too large in '${format.slice(pct, j)}'`);
      }
    }
    if (j >= n) return fail(`printf: incomplete directive '${format.slice(pct)}' at the end of the format`);
    const c = format[j];
    if (LENGTH_MODIFIERS.includes(c)) {
      let k = j;
      while (k < n && LENGTH_MODIFIERS.includes(format[k])) k++;
      return fail(
        `printf: length modifiers are not supported ('${format.slice(pct, Math.min(k + 1, n))}'); longs need none`,
      );
    }
    const text = format.slice(pct, j + 1);
    if (c === "%") return fail(`printf: '${text}': %% takes no flags, width or precision`);
    const conv = Object.hasOwn(CONVERSIONS, c) ? CONVERSIONS[c] : undefined;
    if (conv === undefined) return fail(`printf: unknown conversion '${text}'`);
    if (literal !== "") {
      segments.push(literal);
      literal = "";
    }
    if (width === STAR) {
      kinds.push("long");
      roles.push(`the width of ${text}`);
    }
    if (precision === STAR) {
      kinds.push("long");
      roles.push(`the precision of ${text}`);
    }
    kinds.push(conv === Conv.S ? "string" : conv === Conv.RawM || conv === Conv.HexM ? "bytes" : "long");
    roles.push(text);
    segments.push({
      conv,
      text,
      minus,
      plus,
      space,
      hash,
      zero,
      width,
      precision,
      simple: !minus && !plus && !space && !hash && !zero && width === ABSENT && precision === ABSENT,
    });
    i = j + 1;
  }
  if (literal !== "") segments.push(literal);
  return { segments, kinds, roles, error: null };
}

const KIND_NOUN: Readonly<Record<PrintfArgKind, string>> = {
  long: "a long",
  string: "a string",
  bytes: "bytes (Uint8Array)",
};

function countMessage(p: Parsed, got: number): string | null {
  const need = p.kinds.length;
  if (got < need) return `printf: too few arguments: the format takes ${need}, got ${got}`;
  if (got > need) return `printf: too many arguments: the format takes ${need}, got ${got}`;
  return null;
}

function kindMessage(p: Parsed, index: number, got: string): string {
  return `printf: argument ${index + 1} (${p.roles[index]}) must be ${KIND_NOUN[p.kinds[index]]}, got ${got}`;
}

/**
 * Checks a format against the kinds of the arguments it will get: null when they fit, else why
 * not (the trace runner rejects the line with this message).
 */
export function checkPrintf(format: string, argKinds: readonly PrintfArgKind[]): string | null {
  const p = parse(format);
  if (p.error !== null) return p.error;
  const counted = countMessage(p, argKinds.length);
  if (counted !== null) return counted;
  for (let i = 0; i < argKinds.length; i++) {
    if (argKinds[i] !== p.kinds[i]) return kindMessage(p, i, KIND_NOUN[argKinds[i]]);
  }
  return null;
}

/** The argument kinds a format takes, in order; throws PrintfError when the format is malformed. */
export function printfArgKinds(format: string): readonly PrintfArgKind[] {
  const p = parse(format);
  if (p.error !== null) throw new PrintfError(p.error);
  return p.kinds;
}

function describeArg(a: unknown): string {
  if (typeof a === "string") return "a string";
  if (typeof a === "number" || typeof a === "bigint") return "a long";
  if (a instanceof Uint8Array) return "bytes (Uint8Array)";
  return a === null ? "null" : typeof a;
}

function longArg(p: Parsed, args: readonly PrintfArg[], i: number): number | bigint {
  const a = args[i];
  if (typeof a === "number") {
    if (!Number.isSafeInteger(a)) throw new InvalidLongError(a);
    return a;
  }
  if (typeof a === "bigint") {
    if (a < INT64_MIN || a > INT64_MAX) throw new InvalidLongError(a);
    return a;
  }
  throw new PrintfError(kindMessage(p, i, describeArg(a)));
}

/** A `*` width or precision as a C int. */
function intArg(p: Parsed, args: readonly PrintfArg[], i: number): number {
  const v = longArg(p, args, i);
  const n = Number(v);
  if (n > INT_MAX || n < -INT_MAX) throw new PrintfError(`printf: ${p.roles[i]} out of range: ${v}`);
  return n;
}

function pad(body: string, bodyLength: number, width: number, left: boolean): string {
  if (width <= bodyLength) return body;
  const fill = " ".repeat(width - bodyLength);
  return left ? body + fill : fill + body;
}

/** Digits of `v` in `radix`, of its magnitude when signed, else of its 64-bit unsigned pattern. */
function integerDigits(v: number | bigint, radix: number, signed: boolean): string {
  if (typeof v === "number") {
    if (v >= 0) return v.toString(radix);
    if (signed) return (-v).toString(radix);
    return BigInt.asUintN(64, BigInt(v)).toString(radix);
  }
  if (v >= 0n) return v.toString(radix);
  return signed ? (-v).toString(radix) : BigInt.asUintN(64, v).toString(radix);
}

function formatInteger(d: Directive, v: number | bigint, width: number, left: boolean, precision: number): string {
  const conv = d.conv;
  const radix = conv === Conv.D || conv === Conv.U ? 10 : conv === Conv.O ? 8 : 16;
  let digits = integerDigits(v, radix, conv === Conv.D);
  if (conv === Conv.UpperX) digits = digits.toUpperCase();
  const isZero = digits === "0";
  if (precision === 0 && isZero && conv !== Conv.P) digits = "";
  else if (precision > digits.length) digits = digits.padStart(precision, "0");
  let prefix = "";
  if (conv === Conv.D) {
    if (typeof v === "number" ? v < 0 : v < 0n) prefix = "-";
    else if (d.plus) prefix = "+";
    else if (d.space) prefix = " ";
  } else if (conv === Conv.O) {
    if (d.hash && digits[0] !== "0") digits = "0" + digits;
  } else if (conv === Conv.P) prefix = "0x";
  else if (d.hash && !isZero && conv !== Conv.U) prefix = conv === Conv.UpperX ? "0X" : "0x";
  const length = prefix.length + digits.length;
  if (width > length && d.zero && !left && precision < 0) {
    return prefix + "0".repeat(width - length) + digits;
  }
  return pad(prefix + digits, length, width, left);
}

function byteOf(v: number | bigint): number {
  // ToInt32 is modular for every integral double, so `& 0xff` keeps the low byte exactly.
  return typeof v === "number" ? v & 0xff : Number(v & 0xffn);
}

function hexBytes(bytes: Uint8Array, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
  return s;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8");

/** Output under construction: a string, switching to bytes once raw bytes >= 0x80 appear. */
class Sink {
  text = "";
  private chunks: Uint8Array[] | null = null;

  raw(bytes: Uint8Array): void {
    let ascii = true;
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i] >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      for (let i = 0; i < bytes.length; i++) this.text += String.fromCharCode(bytes[i]);
      return;
    }
    this.chunks ??= [];
    if (this.text !== "") this.chunks.push(encoder.encode(this.text));
    this.text = "";
    this.chunks.push(bytes);
  }

  finish(): string {
    if (this.chunks === null) return this.text;
    if (this.text !== "") this.chunks.push(encoder.encode(this.text));
    return decoder.decode(Buffer.concat(this.chunks));
  }
}

/** Formats like C's sprintf (see the module comment); throws PrintfError on misuse. */
export function sprintf(format: string, args: readonly PrintfArg[]): string {
  const p = parse(format);
  if (p.error !== null) throw new PrintfError(p.error);
  const counted = countMessage(p, args.length);
  if (counted !== null) throw new PrintfError(counted);
  const segments = p.segments;
  let out = "";
  let sink: Sink | null = null;
  let ai = 0;
  for (let si = 0; si < segments.length; si++) {
    const d = segments[si];
    if (typeof d === "string") {
      out += d;
      continue;
    }
    if (d.simple) {
      const a = args[ai];
      if (d.conv === Conv.D && typeof a === "number" && Number.isSafeInteger(a)) {
        out += String(a);
        ai++;
        continue;
      }
      if (d.conv === Conv.S && typeof a === "string" && a.indexOf("\0") < 0) {
        out += a;
        ai++;
        continue;
      }
    }
    let width = 0;
    let left = d.minus;
    let precision = d.precision;
    if (d.width === STAR) {
      width = intArg(p, args, ai++);
      if (width < 0) {
        left = true;
        width = -width;
      }
    } else if (d.width !== ABSENT) width = d.width;
    if (precision === STAR) {
      precision = intArg(p, args, ai++);
      if (precision < 0) precision = ABSENT;
    }
    switch (d.conv) {
      case Conv.S: {
        const a = args[ai];
        if (typeof a !== "string") throw new PrintfError(kindMessage(p, ai, describeArg(a)));
        ai++;
        let s = a;
        const nul = s.indexOf("\0");
        if (nul >= 0) s = s.slice(0, nul);
        if (precision >= 0) s = truncateUtf8(s, precision);
        out += width > 0 ? pad(s, utf8Length(s), width, left) : s;
        break;
      }
      case Conv.C: {
        const b = byteOf(longArg(p, args, ai++));
        const fill = width > 1 ? " ".repeat(width - 1) : "";
        if (b < 0x80) {
          const ch = String.fromCharCode(b);
          out += left ? ch + fill : fill + ch;
        } else {
          sink ??= new Sink();
          sink.text += out + (left ? "" : fill);
          out = left ? fill : "";
          sink.raw(Uint8Array.of(b));
        }
        break;
      }
      case Conv.RawM:
      case Conv.HexM: {
        const a = args[ai];
        if (!(a instanceof Uint8Array)) throw new PrintfError(kindMessage(p, ai, describeArg(a)));
        ai++;
        const count = precision >= 0 ? precision : a.length;
        if (count > MAX_DUMP) throw new DumpTooLargeError(count);
        if (count > a.length) {
          throw new PrintfError(`printf: ${d.text} asks for ${count} bytes but the argument has ${a.length}`);
        }
        if (d.conv === Conv.HexM) {
          const hex = hexBytes(a, count);
          out += pad(hex, hex.length, width, left);
          break;
        }
        const fill = width > count ? " ".repeat(width - count) : "";
        sink ??= new Sink();
        sink.text += out + (left ? "" : fill);
        out = left ? fill : "";
        sink.raw(a.subarray(0, count));
        break;
      }
      default:
        out += formatInteger(d, longArg(p, args, ai++), width, left, precision);
    }
  }
  if (sink === null) return out;
  sink.text += out;
  return sink.finish();
}
