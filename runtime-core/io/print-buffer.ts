/**
 * The print buffer: collects a probe's print/println/printf output and hands it on as one
 * record per flush.
 *
 * Guarantees:
 * - Nothing is written per call: text is encoded into one preallocated buffer (default 8192
 *   bytes); the sink sees a record only on `flush()` (end of a probe handler, exit) or when the
 *   next text does not fit.
 * - A record never splits a print: when a text does not fit in what is left, the buffer is
 *   flushed first. A single text larger than the whole buffer becomes a record of its own
 *   (SystemTap clamps such a print to the buffer size; we never cut output silently).
 * - The sink owns each record it receives (a fresh copy); the buffer is reused.
 * - Text is encoded as UTF-8.
 */

export const DEFAULT_PRINT_BUFFER_SIZE = 8192;

export type RecordSink = (record: Uint8Array) => void;

export class PrintBuffer {
  private readonly buf: Buffer;
  private len = 0;

  constructor(
    private readonly sink: RecordSink,
    readonly size: number = DEFAULT_PRINT_BUFFER_SIZE,
  ) {
    if (!Number.isSafeInteger(size) || size < 16) {
      throw new RangeError(`print buffer size must be an integer >= 16, got ${size}`);
    }
    this.buf = Buffer.allocUnsafe(size);
  }

  /** Bytes waiting for the next flush. */
  get pending(): number {
    return this.len;
  }

  write(text: string): void {
    const remaining = this.size - this.len;
    // A UTF-16 code unit never takes more than 3 UTF-8 bytes: the common short print skips
    // measuring its byte length.
    if (text.length * 3 <= remaining) {
      this.len += this.buf.write(text, this.len);
      return;
    }
    const bytes = Buffer.byteLength(text, "utf8");
    if (bytes <= remaining) {
      this.len += this.buf.write(text, this.len);
      return;
    }
    this.flush();
    if (bytes <= this.size) {
      this.len = this.buf.write(text, 0);
      return;
    }
    this.sink(Buffer.from(text, "utf8"));
  }

  flush(): void {
    const len = this.len;
    if (len === 0) return;
    this.len = 0;
    const record = Buffer.allocUnsafe(len);
    this.buf.copy(record, 0, 0, len);
    this.sink(record);
  }
}
