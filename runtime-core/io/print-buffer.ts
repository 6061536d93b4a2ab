/**
 * The print buffer: collects a probe's print/println/printf output and hands it on as one
 * record per flush.
 *
 * Guarantees:
 * - Nothing is written per call: text accumulates up to the buffer size (default 8192 bytes,
 *   counted in UTF-8); the sink sees a record only on `flush()` (end of a probe handler, exit)
 *   or when the next text does not fit.
 * - A record never splits a print: when a text does not fit in what is left, the buffer is
 *   flushed first. A single text larger than the whole buffer becomes a record of its own
 *   (SystemTap clamps such a print to the buffer size; we never cut output silently).
 * - The sink owns each record it receives (a fresh buffer).
 * - Text is encoded as UTF-8.
 */

export const DEFAULT_PRINT_BUFFER_SIZE = 8192;

export type RecordSink = (record: Uint8Array) => void;

export class PrintBuffer {
  // Text stays a string until the flush: appending to a V8 string is a cheap rope
  // concatenation, and one UTF-8 encode per record beats a native call per print. Measuring
  // UTF-8 bytes flattens a rope, so each print is not measured while even 3 bytes per UTF-16
  // unit would fit: `tail` holds that unmeasured text, and is measured in one go (each piece
  // once, so the cost stays linear) only when the buffer gets near full.
  private head = "";
  private headBytes = 0;
  private tail = "";
  private tailUnits = 0;

  constructor(
    private readonly sink: RecordSink,
    readonly size: number = DEFAULT_PRINT_BUFFER_SIZE,
  ) {
    if (!Number.isSafeInteger(size) || size < 16) {
      throw new RangeError(`print buffer size must be an integer >= 16, got ${size}`);
    }
  }

  /** Bytes waiting for the next flush. */
  get pending(): number {
    this.settle();
    return this.headBytes;
  }

  write(text: string): void {
    const units = text.length;
    if (this.headBytes + 3 * (this.tailUnits + units) <= this.size) {
      this.tail += text;
      this.tailUnits += units;
      return;
    }
    this.settle();
    const bytes = Buffer.byteLength(text, "utf8");
    if (this.headBytes + bytes <= this.size) {
      this.head += text;
      this.headBytes += bytes;
      return;
    }
    this.flush();
    if (bytes <= this.size) {
      this.head = text;
      this.headBytes = bytes;
      return;
    }
    this.sink(Buffer.from(text, "utf8"));
  }

  flush(): void {
    this.settle();
    if (this.headBytes === 0) return;
    const text = this.head;
    this.head = "";
    this.headBytes = 0;
    this.sink(Buffer.from(text, "utf8"));
  }

  private settle(): void {
    if (this.tailUnits === 0) return;
    this.headBytes += Buffer.byteLength(this.tail, "utf8");
    this.head += this.tail;
    this.tail = "";
    this.tailUnits = 0;
  }
}
