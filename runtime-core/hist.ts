/**
 * Histogram buckets and their three printed forms (semantics.md "Histograms").
 *
 * Guarantees:
 * - `log2Bucket` (number) and `log2BucketBig` (bigint) place a sample exactly as semantics.md
 *   says for the whole int64 range: 0 -> 64, v > 0 -> 64 + bitlength(v), v < 0 ->
 *   64 - bitlength(-v), INT64_MIN -> 0. The number version never allocates.
 * - `linearBucket` (number) is exact whenever `linearBucketIsExact(start, interval, n)` holds and
 *   the sample is a safe integer; `linearBucketBig` is exact for every int64 sample and layout
 *   (bigint arithmetic cannot overflow). Both return an index into N + 2 slots:
 *   0 = underflow, 1..N regular, N + 1 = overflow.
 * - `formatHistSystemtap` is byte-compatible with SystemTap's histogram print (margins, `~`
 *   elision, scaling above 50, val_space rules including the linear under/over quirk).
 * - `formatHistBpftrace` reproduces the rows of bpftrace's hist/lhist text block (no `@name:`).
 * - `histJsonBuckets` writes the `"hist"` array of the JSON form; bounds beyond +-(2^53-1) are
 *   JSON strings.
 * - Counts are plain numbers (bucket counters never pass 2^53 in practice); labels and bounds are
 *   exact bigints.
 *
 * An all-zero histogram cannot reach the printers through generated arrays (an empty aggregate
 * raises `empty aggregate` first). Should one arrive anyway, SystemTap has no defined output (its
 * printer assumes a non-zero bucket), so we print what an empty data range naturally gives:
 * SystemTap style the header line and the blank line, bpftrace style the blank line alone (what
 * bpftrace prints under `@h:` for a zeroed hist), JSON `[]`.
 */
import type { HistLayout } from "./contract.js";
import { INT64_MAX, INT64_MIN, longToJSON } from "./int64.js";

const TWO32 = 4294967296;

/** Number of log2 buckets (SystemTap's layout). */
export const LOG2_BUCKETS = 128;
/** The log2 bucket of the value 0. */
export const LOG2_ZERO_BUCKET = 64;

/** log2 bucket of a safe-integer sample. Hot path: no allocation, no BigInt. */
export function log2Bucket(v: number): number {
  if (v === 0) return 64;
  if (v > 0) {
    return v < TWO32 ? 96 - Math.clz32(v) : 128 - Math.clz32(v / TWO32);
  }
  const a = -v;
  return a < TWO32 ? 32 + Math.clz32(a) : Math.clz32(a / TWO32);
}

/** log2 bucket of any int64 sample, exact (INT64_MIN -> 0). */
export function log2BucketBig(v: bigint): number {
  if (v === 0n) return 64;
  const a = v < 0n ? -v : v;
  // a <= 2^63, so its high word fits an unsigned 32-bit number.
  const hi = Number(a >> 32n);
  const bits = hi !== 0 ? 64 - Math.clz32(hi) : 32 - Math.clz32(Number(a));
  return v > 0n ? 64 + bits : 64 - bits;
}

/**
 * Linear bucket index (0 underflow, 1..n regular, n + 1 overflow) with double arithmetic.
 *
 * Exact when `v`, `start` and `interval` are safe integers, `interval >= 1` and
 * `n * interval <= 2^53` (see `linearBucketIsExact`): then `v - start` is exact below the
 * overflow bound, and a rounded difference above it still rounds to a value >= n * interval;
 * `Math.floor(a / b)` is exact for integers `0 <= a <= 2^53`.
 */
export function linearBucket(v: number, start: number, interval: number, n: number): number {
  if (v < start) return 0;
  const k = Math.floor((v - start) / interval);
  return k >= n ? n + 1 : k + 1;
}

/** True when `linearBucket` is exact for every safe-integer sample under this layout. */
export function linearBucketIsExact(start: bigint, interval: bigint, n: number): boolean {
  const safe = 9007199254740991n;
  return (
    start >= -safe && start <= safe && interval >= 1n && interval <= safe && BigInt(n) * interval <= 2n ** 53n
  );
}

/** Linear bucket index for any int64 sample and layout, exact. */
export function linearBucketBig(v: bigint, start: bigint, interval: bigint, n: number): number {
  if (v < start) return 0;
  const k = (v - start) / interval;
  return k >= BigInt(n) ? n + 1 : Number(k) + 1;
}

/** Slots in a counts array: 128 for log2, N + 2 for linear. */
export function histBucketCount(layout: HistLayout): number {
  return layout.kind === "log2" ? LOG2_BUCKETS : layout.buckets + 2;
}

/** The bucket index of a sample under a layout, exact (slow path, for reference and export). */
export function histBucketOf(layout: HistLayout, v: bigint): number {
  return layout.kind === "log2"
    ? log2BucketBig(v)
    : linearBucketBig(v, layout.start, layout.interval, layout.buckets);
}

/** SystemTap's label of a log2 bucket: 0, 2^(i-65) above 64, -(2^(63-i)) below. */
export function log2BucketLabel(i: number): bigint {
  if (i === 64) return 0n;
  return i > 64 ? 1n << BigInt(i - 65) : -(1n << BigInt(63 - i));
}

/** Inclusive bounds of a bucket; `null` for the open side of linear underflow/overflow. */
export interface BucketBounds {
  readonly min: bigint | null;
  readonly max: bigint | null;
}

/** Inclusive bounds of bucket `i` (log2 bounds always both present). */
export function histBucketBounds(layout: HistLayout, i: number): BucketBounds {
  if (layout.kind === "log2") {
    if (i === 64) return { min: 0n, max: 0n };
    if (i > 64) {
      const lo = 1n << BigInt(i - 65);
      return { min: lo, max: lo * 2n - 1n };
    }
    const hiMag = 1n << BigInt(63 - i);
    const lo = -(hiMag * 2n - 1n);
    return { min: lo < INT64_MIN ? INT64_MIN : lo, max: -hiMag };
  }
  const { start, interval, buckets } = layout;
  if (i === 0) return { min: null, max: start - 1n };
  if (i === buckets + 1) return { min: start + BigInt(buckets) * interval, max: null };
  const lo = start + BigInt(i - 1) * interval;
  const hi = lo + interval - 1n;
  return { min: lo, max: hi > INT64_MAX ? INT64_MAX : hi };
}

function digits(v: bigint | number): number {
  return String(v).length;
}

/** C's `%*s`: right-aligned in `w` columns, left-aligned in `-w` when `w` is negative. */
function cPad(s: string, w: number): string {
  return w < 0 ? s.padEnd(-w) : s.padStart(w);
}

const DASHES = "-".repeat(50);

/** SystemTap's `print(@hist_log(x))` / `print(@hist_linear(...))` text, final blank line included. */
export function formatHistSystemtap(layout: HistLayout, counts: ArrayLike<number>): string {
  const nb = histBucketCount(layout);
  let low = -1;
  let high = -1;
  let valmax = 0;
  for (let i = 0; i < nb; i++) {
    const c = counts[i];
    if (c > 0) {
      if (low < 0) low = i;
      high = i;
      if (c > valmax) valmax = c;
    }
  }
  if (low < 0) return `value |${DASHES} count\n\n`;

  const log2 = layout.kind === "log2";
  for (let pass = 0; pass < 2; pass++) {
    if (log2 ? low > 0 && low !== 64 : low > 0) low--;
    if (high < nb - 1) high++;
  }
  let under = 0;
  let over = 0;
  if (layout.kind === "linear") {
    if (low === 0 && !(counts[0] > 0)) low = 1;
    if (high === nb - 1 && !(counts[nb - 1] > 0)) high--;
    under = low === 0 ? 1 : 0;
    over = high === nb - 1 ? 1 : 0;
  }

  const scale = valmax <= 50 ? 1 : Math.ceil(valmax / 50);
  const cntSpace = digits(valmax);
  let valSpace: number;
  if (layout.kind === "log2") {
    valSpace = Math.max(5, digits(log2BucketLabel(low)), digits(log2BucketLabel(high)));
  } else {
    valSpace = Math.max(
      5,
      digits(layout.start) + under,
      digits(layout.start + layout.interval * BigInt(high)) + over,
    );
  }

  let out = `${"value".padStart(valSpace)} |${DASHES} count\n`;
  let eliding = false;
  for (let i = low; i <= high; i++) {
    let allZero = true;
    const to = Math.min(high, i + 2);
    for (let j = Math.max(low, i - 2); j <= to; j++) {
      if (counts[j] > 0) {
        allZero = false;
        break;
      }
    }
    if (allZero) {
      eliding = true;
      continue;
    }
    if (eliding) {
      out += `${"".padStart(valSpace)} ~\n`;
      eliding = false;
    }
    let prefix = "";
    let val: bigint;
    if (layout.kind === "log2") val = log2BucketLabel(i);
    else if (i === 0) {
      prefix = "<";
      val = layout.start;
    } else if (i === nb - 1) {
      prefix = ">";
      val = layout.start + BigInt(i - 2) * layout.interval;
    } else val = layout.start + BigInt(i - 1) * layout.interval;
    const count = counts[i] > 0 ? counts[i] : 0;
    const bar = Math.floor(count / scale);
    const valText = String(val);
    out += `${cPad(prefix, valSpace - valText.length)}${valText} |${"@".repeat(bar)}${String(count).padStart(50 - bar + 1 + cntSpace)}\n`;
  }
  return out + "\n";
}

const SUFFIXES = ["", "K", "M", "G", "T", "P", "E"];

/** bpftrace's hist label of 2^p: 2^(p mod 10) with the suffix of p div 10 (1K, 8G, 4E). */
function pow2Label(p: number): string {
  return `${2 ** (p % 10)}${SUFFIXES[Math.floor(p / 10)]}`;
}

/** bpftrace's lhist label when `interval % 1024 == 0`: 0, N M for 2^20 multiples, N K, digits. */
function lhistLabel(v: bigint, suffixed: boolean): string {
  if (!suffixed || v === 0n) return v.toString();
  if (v % 1048576n === 0n) return `${v / 1048576n}M`;
  if (v % 1024n === 0n) return `${v / 1024n}K`;
  return v.toString();
}

/** floor(52 * count / max), exact for any counts. */
function barLength(count: number, max: number): number {
  const p = 52 * count;
  return p <= Number.MAX_SAFE_INTEGER ? Math.floor(p / max) : Number((52n * BigInt(count)) / BigInt(max));
}

function bpftraceRows(headers: readonly string[], rowCounts: readonly number[]): string {
  let max = 0;
  for (const c of rowCounts) if (c > max) max = c;
  let out = "";
  for (let r = 0; r < headers.length; r++) {
    const c = rowCounts[r];
    out += `${headers[r].padEnd(16)}${String(c).padStart(8)} |${"@".repeat(barLength(c, max)).padEnd(52)}|\n`;
  }
  return out + "\n";
}

/** bpftrace-style histogram rows (first to last non-zero row), then one blank line. */
export function formatHistBpftrace(layout: HistLayout, counts: ArrayLike<number>): string {
  const headers: string[] = [];
  const rowCounts: number[] = [];
  if (layout.kind === "log2") {
    let neg = 0;
    for (let i = 0; i < 64; i++) neg += counts[i] > 0 ? counts[i] : 0;
    // Row r: r = 0 negatives, r = 1 bucket 64 ([0]), r >= 2 bucket 63 + r.
    const rowCount = (r: number): number => (r === 0 ? neg : counts[63 + r] > 0 ? counts[63 + r] : 0);
    let first = -1;
    let last = -1;
    for (let r = 0; r <= 64; r++) {
      if (rowCount(r) > 0) {
        if (first < 0) first = r;
        last = r;
      }
    }
    for (let r = first; first >= 0 && r <= last; r++) {
      if (r === 0) headers.push("(..., 0)");
      else if (r === 1) headers.push("[0]");
      else if (r === 2) headers.push("[1]");
      else headers.push(`[${pow2Label(r - 2)}, ${pow2Label(r - 1)})`);
      rowCounts.push(rowCount(r));
    }
    return bpftraceRows(headers, rowCounts);
  }
  const { start, interval, buckets } = layout;
  const nb = buckets + 2;
  const [first, last] = nonZeroRange(counts, nb);
  const suffixed = interval % 1024n === 0n;
  for (let i = first; first >= 0 && i <= last; i++) {
    if (i === 0) headers.push(`(..., ${lhistLabel(start, suffixed)})`);
    else if (i === nb - 1) headers.push(`[${lhistLabel(start + BigInt(buckets) * interval, suffixed)}, ...)`);
    else {
      const lo = start + BigInt(i - 1) * interval;
      headers.push(
        interval === 1n
          ? `[${lhistLabel(lo, suffixed)}]`
          : `[${lhistLabel(lo, suffixed)}, ${lhistLabel(lo + interval, suffixed)})`,
      );
    }
    rowCounts.push(counts[i] > 0 ? counts[i] : 0);
  }
  return bpftraceRows(headers, rowCounts);
}

/** The first and last bucket with a non-zero count among the first `n`; [-1, -1] when none. */
function nonZeroRange(counts: ArrayLike<number>, n: number): [number, number] {
  let first = -1;
  let last = -1;
  for (let i = 0; i < n; i++) {
    if (counts[i] > 0) {
      if (first < 0) first = i;
      last = i;
    }
  }
  return [first, last];
}

/**
 * The JSON `"hist"` array: buckets from the first to the last non-zero one, each
 * `{"min":lo,"max":hi,"count":n}` with inclusive bounds (no `min` on linear underflow, no `max`
 * on linear overflow). `[]` when every count is zero.
 */
export function histJsonBuckets(layout: HistLayout, counts: ArrayLike<number>): string {
  const nb = histBucketCount(layout);
  const [first, last] = nonZeroRange(counts, nb);
  if (first < 0) return "[]";
  const parts: string[] = [];
  for (let i = first; i <= last; i++) {
    const { min, max } = histBucketBounds(layout, i);
    let item = "{";
    if (min !== null) item += `"min":${longToJSON(min)},`;
    if (max !== null) item += `"max":${longToJSON(max)},`;
    parts.push(`${item}"count":${counts[i] > 0 ? counts[i] : 0}}`);
  }
  return `[${parts.join(",")}]`;
}
