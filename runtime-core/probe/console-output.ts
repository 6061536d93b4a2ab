/**
 * The Output a probe module uses when none is given: print buffer to stdout, warnings, errors
 * and the end report to stderr. The full-featured outputs (file, pull, stream transports,
 * warning de-duplication) come from `createOutput` in `io/`.
 *
 * Guarantees: print/println only append to the buffer; it is written when flushed (end of each
 * handler), when it passes `bufferSize` characters, and on close. Warnings, errors and the
 * report are written synchronously to fd 2, so they keep their order and survive
 * `process.exit`. A write that fails is counted in `transportFailures`, never thrown.
 */
import { writeSync } from "node:fs";
import type { Output } from "../contract.js";
import { sprintf } from "../printf.js";

export interface ConsoleOutputOptions {
  /** Characters buffered before an early flush. Default 8192. */
  readonly bufferSize?: number;
  /** Where buffered output goes. Default: process.stdout. */
  readonly write?: (text: string) => void;
}

export function createConsoleOutput(options: ConsoleOutputOptions = {}): Output {
  const bufferSize = options.bufferSize ?? 8192;
  const write = options.write ?? ((text: string) => void process.stdout.write(text));
  let buffer = "";
  let failures = 0;

  const append = (text: string): void => {
    buffer += text;
    if (buffer.length >= bufferSize) flush();
  };
  const flush = (): void => {
    if (buffer === "") return;
    const text = buffer;
    buffer = "";
    try {
      write(text);
    } catch {
      failures++;
    }
  };
  const stderr = (text: string): void => {
    try {
      writeSync(2, text);
    } catch {
      failures++;
    }
  };

  return {
    print: append,
    println: (text) => append(text + "\n"),
    printf: (format, ...args) => append(sprintf(format, args)),
    flush,
    warn: (message) => stderr(`WARNING: ${message}\n`),
    error: (message) => stderr(`ERROR: ${message}\n`),
    reportSync(text) {
      flush();
      stderr(text);
    },
    get transportFailures() {
      return failures;
    },
    close() {
      flush();
      return Promise.resolve();
    },
  };
}
