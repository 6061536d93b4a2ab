/**
 * The file transport: appends records to a file, with optional rotation by size and count
 * (`out.log` is the newest, then `out.log.1`, `out.log.2`, ... up to `out.log.<maxFiles>`).
 *
 * Guarantees:
 * - Each record is written with write(2) before `send` returns, so once `send` has returned the
 *   record is in the kernel and survives the death of the process (SIGKILL included; not a
 *   power loss: there is no fsync).
 * - A record is never split across files: rotation happens before a record that would take the
 *   current file past `maxBytes` (a record larger than `maxBytes` gets a file of its own).
 * - Rotation renames oldest first, so at every instant each record is in exactly one file; a
 *   kill in the middle of a rotation leaves no record twice and none missing (only the file
 *   beyond `maxFiles` is dropped, by design).
 * - Failures (a write or rotation error) are counted, never thrown; the transport then retries
 *   opening the file on the next record.
 * - Opening the file at construction is the one place that throws: a wrong path is a
 *   configuration error and should stop the module from starting.
 */
import { closeSync, fstatSync, openSync, renameSync, unlinkSync, writeSync } from "node:fs";
import type { RecordKind, RecordTransport } from "./transport.js";

export interface FileTransportOptions {
  path: string;
  /** Rotate before the file would exceed this many bytes; 0 (the default) never rotates. */
  maxBytes?: number;
  /** Rotated files kept (`path.1` .. `path.N`); default 5. 0 discards the full file. */
  maxFiles?: number;
}

const NEWLINE = Buffer.from("\n");

export class FileTransport implements RecordTransport {
  readonly label: string;
  private fd: number;
  private size: number;
  private failed = 0;
  private readonly path: string;
  private readonly maxBytes: number;
  private readonly maxFiles: number;

  constructor(options: FileTransportOptions) {
    this.path = options.path;
    this.maxBytes = options.maxBytes ?? 0;
    this.maxFiles = options.maxFiles ?? 5;
    if (!Number.isSafeInteger(this.maxBytes) || this.maxBytes < 0) {
      throw new RangeError(`file transport maxBytes must be a non-negative integer, got ${this.maxBytes}`);
    }
    if (!Number.isSafeInteger(this.maxFiles) || this.maxFiles < 0) {
      throw new RangeError(`file transport maxFiles must be a non-negative integer, got ${this.maxFiles}`);
    }
    this.label = `file ${this.path}`;
    this.fd = openSync(this.path, "a");
    this.size = fstatSync(this.fd).size;
  }

  get failures(): number {
    return this.failed;
  }

  send(record: Uint8Array, kind: RecordKind): void {
    const bytes = kind === "snapshot" ? Buffer.concat([record, NEWLINE]) : record;
    if (!this.append(bytes)) this.failed++;
  }

  writeReportSync(text: string): void {
    if (!this.append(Buffer.from(text, "utf8"))) this.failed++;
  }

  close(): Promise<void> {
    if (this.fd >= 0) {
      try {
        closeSync(this.fd);
      } catch {
        // Nothing left to lose: every record was written before its send returned.
      }
      this.fd = -1;
    }
    return Promise.resolve();
  }

  private append(bytes: Uint8Array): boolean {
    try {
      if (this.fd < 0) this.reopen();
      if (this.maxBytes > 0 && this.size > 0 && this.size + bytes.length > this.maxBytes) this.rotate();
      let done = 0;
      while (done < bytes.length) done += writeSync(this.fd, bytes, done, bytes.length - done);
      this.size += bytes.length;
      return true;
    } catch {
      this.closeQuietly();
      return false;
    }
  }

  private rotate(): void {
    closeSync(this.fd);
    this.fd = -1;
    if (this.maxFiles === 0) {
      unlinkIfExists(this.path);
    } else {
      for (let i = this.maxFiles - 1; i >= 1; i--) renameIfExists(`${this.path}.${i}`, `${this.path}.${i + 1}`);
      renameIfExists(this.path, `${this.path}.1`);
    }
    this.reopen();
  }

  private reopen(): void {
    this.fd = openSync(this.path, "a");
    this.size = fstatSync(this.fd).size;
  }

  private closeQuietly(): void {
    if (this.fd < 0) return;
    try {
      closeSync(this.fd);
    } catch {
      // already broken
    }
    this.fd = -1;
  }
}

function renameIfExists(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
}

function unlinkIfExists(path: string): void {
  try {
    unlinkSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
}
