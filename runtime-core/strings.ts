/**
 * Strings as arrays store them: at most `maxStringLength` bytes of UTF-8, cut without splitting
 * a character, ended by the first NUL (C semantics, in both languages), compared bytewise.
 */

const encoder = new TextEncoder();

/** String.prototype.isWellFormed/toWellFormed (ES2024, in Node 20), typed here for an ES2022 lib. */
interface WellFormed {
  isWellFormed(): boolean;
  toWellFormed(): string;
}

/**
 * Truncates `s` to its longest prefix that is at most `maxBytes` bytes of UTF-8 and stops at
 * the first NUL. Returns `s` itself (no allocation) when nothing needs cutting.
 * A lone surrogate becomes U+FFFD first, as encoding it to UTF-8 would: two strings that encode
 * to the same bytes are the same key.
 */
export function truncateUtf8(s: string, maxBytes: number): string {
  if (!(s as unknown as WellFormed).isWellFormed()) s = (s as unknown as WellFormed).toWellFormed();
  const nul = s.indexOf("\0");
  if (nul >= 0) s = s.slice(0, nul);
  // Each UTF-16 unit encodes to at most 3 bytes: short strings need no scan.
  if (s.length * 3 <= maxBytes) return s;
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let width: number;
    let units = 1;
    if (c < 0x80) width = 1;
    else if (c < 0x800) width = 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        width = 4;
        units = 2;
      } else width = 3;
    } else width = 3;
    if (bytes + width > maxBytes) return s.slice(0, i);
    bytes += width;
    i += units - 1;
  }
  return s;
}

/** UTF-8 byte length of `s`. */
export function utf8Length(s: string): number {
  return Buffer.byteLength(s, "utf8");
}

/** Bytewise (UTF-8, i.e. code point) order; JS `<` is UTF-16 order and differs above U+FFFF. */
export function compareUtf8(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // A surrogate starts a code point above U+FFFF, so it sorts after every other unit, even
    // U+E000..U+FFFF which UTF-16 order puts above the surrogates.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

/**
 * Quotes a string for whole-array text output: `\\ \" \n \t \r` escaped, other bytes below
 * 0x20 and 0x7f as three-digit octal, everything else (UTF-8 from 0x80 up) as it is.
 */
export function quoteString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x5c) out += "\\\\";
    else if (c === 0x22) out += '\\"';
    else if (c === 0x0a) out += "\\n";
    else if (c === 0x09) out += "\\t";
    else if (c === 0x0d) out += "\\r";
    else if (c < 0x20 || c === 0x7f) out += "\\" + c.toString(8).padStart(3, "0");
    else out += s[i];
  }
  return out + '"';
}

export function utf8Bytes(s: string): Uint8Array {
  return encoder.encode(s);
}
