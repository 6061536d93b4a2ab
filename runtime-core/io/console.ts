/**
 * The console transport (records to stdout) and the diagnostics channel (`WARNING: ` /
 * `ERROR: ` lines on stderr).
 *
 * Guarantees:
 * - Records go to stdout whole and in order. When stdout is asynchronous (a TTY or socket that
 *   is not keeping up) and more than `maxPendingBytes` are already waiting in it, a record is
 *   dropped and counted instead of growing memory without bound. (On Linux Node writes stdout
 *   synchronously when it is a file or a pipe: there the kernel paces the writer; the stream
 *   transport is the one that never waits.)
 * - Each diagnostic is one line with its level prefix and a trailing newline. A warning whose
 *   exact text was already printed is not printed again but counted (at most 1024 distinct
 *   texts are remembered; beyond that warnings print as they come); `repeatSummary()` gives
 *   `WARNING: <text> (repeated N more times)` for each, and forgets the counts. Errors are
 *   never de-duplicated.
 * - Writing a diagnostic never throws: a failing stderr is counted in `failures`.
 */
import { writeSync } from "node:fs";
import type { ByteStream, RecordKind, RecordTransport, TextSink } from "./transport.js";

export const DEFAULT_MAX_PENDING_BYTES = 4 * 1024 * 1024;
const MAX_DEDUP_ENTRIES = 1024;

/** How long a synchronous stderr write waits, in all, for a full pipe to drain. */
const STDERR_PATIENCE_MS = 2000;
const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * stderr, written synchronously so that a report survives `process.exit`. A pipe Node has made
 * non-blocking takes part of a large text and reports it; the rest is written in a loop, waiting
 * a millisecond at a time while the pipe is full (a report is never cut silently). Past
 * STDERR_PATIENCE_MS the remainder goes to Node's stream to be written when it can.
 */
export const stderrSink: TextSink = {
  write(text: string): void {
    const bytes = Buffer.from(text, "utf8");
    let done = 0;
    let waited = 0;
    while (done < bytes.length) {
      try {
        done += writeSync(2, bytes, done);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EAGAIN") throw e;
        if (waited >= STDERR_PATIENCE_MS) {
          process.stderr.write(bytes.subarray(done));
          return;
        }
        Atomics.wait(pause, 0, 0, 1);
        waited++;
      }
    }
  },
};

export interface ConsoleTransportOptions {
  stdout?: ByteStream;
  maxPendingBytes?: number;
}

const NEWLINE = new Uint8Array([10]);

export class ConsoleTransport implements RecordTransport {
  readonly label = "console stdout";
  private failed = 0;
  private readonly out: ByteStream;
  private readonly maxPending: number;

  /** Set once the stream reported an error (EPIPE: the reader is gone); later records fail. */
  private broken = false;

  constructor(options: ConsoleTransportOptions = {}) {
    this.out = options.stdout ?? process.stdout;
    this.maxPending = options.maxPendingBytes ?? DEFAULT_MAX_PENDING_BYTES;
    // Without a listener an EPIPE would be an unhandled 'error' event: it would kill the host.
    this.out.on?.("error", this.onError);
  }

  private readonly onError = (): void => {
    this.broken = true;
    this.failed++;
  };

  get failures(): number {
    return this.failed;
  }

  send(record: Uint8Array, kind: RecordKind): void {
    try {
      if (this.broken || this.out.writableLength > this.maxPending) {
        this.failed++;
        return;
      }
      this.out.write(record);
      if (kind === "snapshot") this.out.write(NEWLINE);
    } catch {
      this.failed++;
    }
  }

  close(): Promise<void> {
    this.out.off?.("error", this.onError);
    return Promise.resolve();
  }
}

export class Diagnostics {
  private readonly seen = new Map<string, number>();
  private failed = 0;

  constructor(private readonly sink: TextSink = stderrSink) {}

  /** Diagnostic lines that could not be written. */
  get failures(): number {
    return this.failed;
  }

  warn(message: string): void {
    const repeats = this.seen.get(message);
    if (repeats !== undefined) {
      this.seen.set(message, repeats + 1);
      return;
    }
    if (this.seen.size < MAX_DEDUP_ENTRIES) this.seen.set(message, 0);
    this.line("WARNING: ", message);
  }

  error(message: string): void {
    this.line("ERROR: ", message);
  }

  /** Raw text (the end report), as it is. */
  raw(text: string): void {
    try {
      this.sink.write(text);
    } catch {
      this.failed++;
    }
  }

  /** The `(repeated N more times)` lines of warnings seen more than once, then resets them. */
  repeatSummary(): string {
    let text = "";
    for (const [message, repeats] of this.seen) {
      if (repeats > 0) {
        text += `WARNING: ${message} (repeated ${repeats} more times)\n`;
        this.seen.set(message, 0);
      }
    }
    return text;
  }

  private line(prefix: string, message: string): void {
    this.raw(message.endsWith("\n") ? prefix + message : `${prefix}${message}\n`);
  }
}
