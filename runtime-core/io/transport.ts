/**
 * What every record transport (console, file, stream) implements, and the text sinks that
 * diagnostics and tests plug in.
 *
 * Guarantees every transport keeps:
 * - `send` never throws and never waits: a record that cannot be delivered is counted in
 *   `failures`, never lost silently.
 * - `close` settles (it never rejects) within the transport's own bounded time.
 */

/** `print`: one flush of the print buffer. `snapshot`: one array's JSON line (no newline). */
export type RecordKind = "print" | "snapshot";

export interface RecordTransport {
  /** How the exit report names it, e.g. `file out.log`, `stream unix:/tmp/s`. */
  readonly label: string;
  /** Takes ownership of `record`. */
  send(record: Uint8Array, kind: RecordKind): void;
  /** Synchronous write of report text, for the transports that keep one (file). */
  writeReportSync?(text: string): void;
  /** Records that did not arrive, cumulative. */
  readonly failures: number;
  close(): Promise<void>;
}

/** A synchronous text destination (stderr by default; a capture in tests). May throw. */
export interface TextSink {
  write(text: string): void;
}

/** The byte-stream side of stdout: what the console transport needs of `process.stdout`. */
export interface ByteStream {
  write(chunk: Uint8Array): boolean;
  readonly writableLength: number;
  /** Write errors (EPIPE when the reader went away) arrive as events, not exceptions. */
  on?(event: "error", listener: (error: Error) => void): unknown;
  off?(event: "error", listener: (error: Error) => void): unknown;
}
