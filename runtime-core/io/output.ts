/**
 * `createOutput`: a probe module's Output, the print buffer in front of its transports.
 *
 * Guarantees:
 * - print/println/printf only append to the print buffer (default 8192 bytes); records reach the
 *   transports at `flush()` (end of each probe handler), when the buffer is full, and at
 *   `close()`.
 * - Records go to every record transport listed (console, file, stream), in order. When none is
 *   listed (say only `pull`), console is implied: printed output always goes somewhere.
 * - No exception from a transport reaches the probe: a record a transport could not take is
 *   counted in `transportFailures` (so is a pull response that failed and a diagnostic that
 *   could not be written). Format errors in printf are the probe's own and do propagate.
 * - `warn`/`error` write `WARNING: `/`ERROR: ` lines to stderr at once, warnings de-duplicated
 *   (see console.ts). `reportSync` writes synchronously to stderr and every file transport.
 * - After `drain()` or `close()`, records are not delivered; they are counted as failures.
 * - `drain()` delivers what the transports that do not keep the report (stream, console) still
 *   hold and closes them, so the records they drop at the end are counted before the report is
 *   written; `close()` drains, then closes the rest. `abandon()` is the synchronous stand-in at
 *   process 'exit', where nothing can be delivered any more: it counts what is left.
 * - Creating the output either succeeds or leaves nothing running: when a transport cannot be
 *   created, the ones created before it are closed (a pull endpoint once its start settles).
 */
import type { ArraySet, Output, PrintfArg, ProbeArray } from "../contract.js";
import { sprintf } from "../printf.js";
import { ConsoleTransport, Diagnostics, type ConsoleTransportOptions } from "./console.js";
import { FileTransport, type FileTransportOptions } from "./file.js";
import { DEFAULT_PRINT_BUFFER_SIZE, PrintBuffer } from "./print-buffer.js";
import { startPullServer, type PullServer, type PullServerOptions } from "./pull.js";
import { arrayLossReport, transportFailureReport, type TransportFailureCount } from "./report.js";
import { StreamTransport, type StreamTransportOptions } from "./stream.js";
import type { ByteStream, RecordKind, RecordTransport, TextSink } from "./transport.js";

export type TransportSpec =
  | ({ readonly kind: "console" } & ConsoleTransportOptions)
  | ({ readonly kind: "file" } & FileTransportOptions)
  | ({ readonly kind: "pull" } & Omit<PullServerOptions, "arrays" | "module">)
  | ({ readonly kind: "stream" } & Omit<StreamTransportOptions, "module">);

export interface OutputOptions {
  /** The module name (metric names, stream HELLO); default "probe". */
  module?: string;
  /** Print buffer size in bytes; default 8192. */
  bufferSize?: number;
  /** Default: console only. */
  transports?: readonly TransportSpec[];
  /** The module's arrays, for the pull endpoint and the exit report. */
  arrays?: () => ArraySet;
  /** Where warnings, errors and reports go; default stderr (synchronous). */
  stderr?: TextSink;
  /** stdout of the console transport when it is implied (none listed); default process.stdout. */
  stdout?: ByteStream;
}

export interface ProbeOutput extends Output {
  /** Settles once every transport is up (the pull endpoint listening); rejects if one cannot start. */
  readonly ready: Promise<void>;
  /** The pull endpoint once `ready`, else null. */
  readonly pull: PullServer | null;
  readonly bufferSize: number;
  /** Failures per transport, for the exit report. */
  transportCounts(): TransportFailureCount[];
  /**
   * Before the end report: flushes, takes no more records, and closes the record transports
   * that do not keep the report, waiting (bounded) for them to deliver. Idempotent.
   */
  drain(): Promise<void>;
  /** At process 'exit' (no later turn): flushes and counts what can no longer be delivered. */
  abandon(): void;
  /** Sends one array's JSON line as a record (a stream SNAPSHOT) to the record transports. */
  snapshot(array: ProbeArray): void;
  /** Transport failures and each array's drops and evictions (see report.ts); "" when none. */
  exitReport(arrays?: ArraySet): string;
}

export function createOutput(options: OutputOptions = {}): ProbeOutput {
  const module = options.module ?? "probe";
  const diag = new Diagnostics(options.stderr);
  const specs = options.transports ?? [{ kind: "console" }];
  const records: RecordTransport[] = [];
  let pull: PullServer | null = null;
  let pullFailures = 0;
  let lateRecords = 0;
  let closed = false;
  let draining: Promise<void> | null = null;
  let closing = false;
  const starting: Promise<unknown>[] = [];

  try {
    createTransports();
  } catch (error) {
    // A half-made output must not keep running: a pull endpoint listening, a stream reconnecting.
    for (const t of records) void t.close().catch(() => {});
    void Promise.allSettled(starting).then(() => {
      const p: PullServer | null = pull;
      return p?.close().catch(() => {});
    });
    throw error;
  }

  function createTransports(): void {
    for (const spec of specs) {
      switch (spec.kind) {
        case "console":
          records.push(new ConsoleTransport(spec));
          break;
        case "file":
          records.push(new FileTransport(spec));
          break;
        case "stream":
          records.push(new StreamTransport({ ...spec, module }));
          break;
        case "pull": {
          const arrays = options.arrays ?? (() => ({}));
          const where = `${spec.host ?? "127.0.0.1"}:${spec.port ?? 0}`;
          const p = startPullServer({ ...spec, arrays, module }).then(
            (server) => {
              pull = server;
            },
            (e: unknown) => {
              pullFailures++;
              diag.error(`pull endpoint could not listen on ${where}: ${e instanceof Error ? e.message : String(e)}`);
              throw e;
            },
          );
          starting.push(p);
          break;
        }
      }
    }
  }
  if (records.length === 0) records.push(new ConsoleTransport(options.stdout === undefined ? {} : { stdout: options.stdout }));

  const dispatch = (record: Uint8Array, kind: RecordKind): void => {
    if (closed) {
      lateRecords++;
      return;
    }
    for (const t of records) {
      try {
        t.send(record, kind);
      } catch {
        // Transports count their own failures; this guards the probe against a broken one.
        lateRecords++;
      }
    }
  };
  const buffer = new PrintBuffer((r) => dispatch(r, "print"), options.bufferSize ?? DEFAULT_PRINT_BUFFER_SIZE);

  const ready = Promise.all(starting).then(() => undefined);
  ready.catch(() => {
    // Reported through diagnostics already; awaiting `ready` is how a caller sees it.
  });

  const transportCounts = (): TransportFailureCount[] => {
    const counts: TransportFailureCount[] = records.map((t) => ({
      label: t.label,
      failures: t.failures,
    }));
    const p: PullServer | null = pull;
    const pulled = pullFailures + (p === null ? 0 : p.failures);
    if (specs.some((s) => s.kind === "pull"))
      counts.push({
        label: `pull ${p === null ? "endpoint" : p.url}`,
        failures: pulled,
      });
    if (diag.failures > 0) counts.push({ label: "stderr", failures: diag.failures });
    if (lateRecords > 0) counts.push({ label: "after close", failures: lateRecords });
    return counts;
  };

  return {
    ready,
    get pull() {
      return pull;
    },
    bufferSize: buffer.size,
    print(text: string): void {
      buffer.write(text);
    },
    println(text: string): void {
      buffer.write(`${text}\n`);
    },
    printf(format: string, ...args: readonly PrintfArg[]): void {
      buffer.write(sprintf(format, args));
    },
    flush(): void {
      buffer.flush();
    },
    warn(message: string): void {
      diag.warn(message);
    },
    error(message: string): void {
      diag.error(message);
    },
    reportSync(text: string): void {
      const repeats = diag.repeatSummary();
      diag.raw(repeats + text);
      for (const t of records) {
        try {
          t.writeReportSync?.(repeats + text);
        } catch {
          lateRecords++;
        }
      }
    },
    get transportFailures(): number {
      return transportCounts().reduce((n, c) => n + c.failures, 0);
    },
    transportCounts,
    snapshot(array: ProbeArray): void {
      dispatch(Buffer.from(array.toJSONLine(), "utf8"), "snapshot");
    },
    exitReport(arrays?: ArraySet): string {
      const set = arrays ?? options.arrays?.() ?? {};
      return transportFailureReport(transportCounts()) + arrayLossReport(set);
    },
    drain(): Promise<void> {
      draining ??= (async () => {
        buffer.flush();
        closed = true;
        await Promise.allSettled(records.filter((t) => t.writeReportSync === undefined).map((t) => t.close()));
      })();
      return draining;
    },
    abandon(): void {
      if (!closed) buffer.flush();
      closed = true;
      for (const t of records) {
        if (!isAbandonable(t)) continue;
        try {
          t.abandon();
        } catch {
          // Runs inside process 'exit': nothing may throw there.
        }
      }
    },
    async close(): Promise<void> {
      if (closing) return;
      closing = true;
      await this.drain();
      diag.raw(diag.repeatSummary());
      await Promise.allSettled(starting);
      const rest: Promise<void>[] = records.filter((t) => t.writeReportSync !== undefined).map((t) => t.close());
      const p: PullServer | null = pull;
      if (p !== null) rest.push(p.close());
      await Promise.allSettled(rest);
    },
  };
}

/** A record transport that can count its undeliverable records synchronously (stream). */
interface Abandonable {
  abandon(): void;
}

function isAbandonable(t: RecordTransport): t is RecordTransport & Abandonable {
  return typeof (t as Partial<Abandonable>).abandon === "function";
}
