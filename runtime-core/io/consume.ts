/**
 * The stream consumer behind `probegen consume <address> [--out FILE]`: listens at the address
 * (`unix:/path` or `tcp:127.0.0.1:PORT`, see address.ts), accepts producers (stream transports
 * of probe modules), writes their records to stdout or a file, and reports lost records.
 *
 * Guarantees:
 * - Records of one connection are written whole and in order: PRINT payloads as they are,
 *   SNAPSHOT payloads followed by a newline. Several producers may be connected at once; their
 *   records interleave record by record, never inside one.
 * - Every lost record is reported: a sequence gap (the producer's numbering counts records it
 *   dropped) is a warning on stderr (at most 100 lines per producer, all counted), the END
 *   frame's sequence reveals losses after the last delivered record, and the total appears in
 *   the stats and the final `WARNING: N records lost in transport (sequence gaps)` line.
 *   Sequences are followed per producer id, across reconnections.
 * - Output backpressure is passed on: while the output does not keep up, the consumer stops
 *   reading its sockets (the producers then queue, and drop and count, on their side).
 * - A connection that breaks the protocol is closed with a warning; others carry on.
 */
import { createWriteStream, unlinkSync } from "node:fs";
import { connect, createServer, type Server, type Socket } from "node:net";
import type { Writable } from "node:stream";
import { formatStreamAddress, parseStreamAddress, type StreamAddress } from "./address.js";
import { stderrSink } from "./console.js";
import { FrameDecoder, FrameKind, STREAM_PROTOCOL, type Frame, type Hello } from "./stream.js";
import type { TextSink } from "./transport.js";

export interface ConsumerOptions {
  /** Warnings and the summary; default stderr. */
  stderr?: TextSink;
  /** Stop once the first producer has sent END and disconnected. */
  once?: boolean;
  /** Gap warnings printed per producer before only counting; default 100. */
  maxGapWarnings?: number;
}

export interface ConsumerStats {
  /** PRINT and SNAPSHOT records written. */
  records: number;
  /** Payload bytes written. */
  bytes: number;
  /** Records lost, from sequence gaps and END frames. */
  lost: number;
  /** Connections accepted. */
  connections: number;
  /** Distinct producers seen. */
  producers: number;
  /** Producers that closed with END. */
  ended: number;
  /** Times a slow output made the consumer stop reading its sockets. */
  outputStalls: number;
  /** Connections closed for breaking the protocol. */
  protocolErrors: number;
}

export interface Consumer {
  /** The address actually listened on (a TCP port 0 becomes the chosen port). */
  readonly address: string;
  readonly stats: Readonly<ConsumerStats>;
  /** Settles when the consumer stops (`close()`, or `once` satisfied). */
  readonly done: Promise<ConsumerStats>;
  close(): Promise<ConsumerStats>;
}

interface ProducerState {
  readonly id: string;
  readonly label: string;
  /** The next sequence number expected. */
  expected: number;
  gapWarnings: number;
}

const NEWLINE = Buffer.from("\n");

export async function runConsumer(address: string, out: Writable | string, options: ConsumerOptions = {}): Promise<Consumer> {
  const parsed = parseStreamAddress(address);
  const stderr = options.stderr ?? stderrSink;
  const maxGapWarnings = options.maxGapWarnings ?? 100;
  const ownsOut = typeof out === "string";
  const sink: Writable = typeof out === "string" ? createWriteStream(out, { flags: "a" }) : out;
  const stats: ConsumerStats = { records: 0, bytes: 0, lost: 0, connections: 0, producers: 0, ended: 0, outputStalls: 0, protocolErrors: 0 };
  const producers = new Map<string, ProducerState>();
  const sockets = new Set<Socket>();
  let outputBlocked = false;
  let stopping: Promise<ConsumerStats> | null = null;
  let resolveDone!: (s: ConsumerStats) => void;
  const done = new Promise<ConsumerStats>((r) => (resolveDone = r));

  const warn = (text: string): void => {
    try {
      stderr.write(`WARNING: ${text}\n`);
    } catch {
      // stderr gone: the stats still count it
    }
  };
  let sinkFailed = false;
  sink.on("error", (e) => {
    if (!sinkFailed) warn(`consume: output failed: ${e.message}`);
    sinkFailed = true;
  });

  const write = (chunk: Uint8Array): void => {
    if (!sink.write(chunk) && !outputBlocked) {
      outputBlocked = true;
      stats.outputStalls++;
      for (const s of sockets) s.pause();
      sink.once("drain", () => {
        outputBlocked = false;
        for (const s of sockets) s.resume();
      });
    }
  };

  const recordGap = (p: ProducerState, missing: number, before: string): void => {
    stats.lost += missing;
    if (p.gapWarnings < maxGapWarnings) {
      warn(`${missing} records lost ${before} from ${p.label}`);
      if (++p.gapWarnings === maxGapWarnings) warn(`further gaps from ${p.label} are only counted`);
    }
  };

  const onConnection = (socket: Socket): void => {
    sockets.add(socket);
    stats.connections++;
    if (outputBlocked) socket.pause();
    const decoder = new FrameDecoder();
    let producer: ProducerState | null = null;
    let sawEnd = false;

    const fail = (why: string): void => {
      stats.protocolErrors++;
      warn(`consume: closing a connection: ${why}`);
      socket.destroy();
    };

    const onFrame = (f: Frame): boolean => {
      if (producer === null) {
        if (f.kind !== FrameKind.HELLO || f.payload.length > 4096) {
          fail("it did not open with a probegen-stream/1 HELLO");
          return false;
        }
        const hello = parseHello(f.payload);
        if (hello === null) {
          fail("unreadable HELLO");
          return false;
        }
        const known = producers.get(hello.producer);
        if (known !== undefined) producer = known;
        else {
          const label = `producer ${hello.producer} (${hello.module ? `module ${hello.module}, ` : ""}pid ${hello.pid})`;
          producer = { id: hello.producer, label, expected: 1, gapWarnings: 0 };
          producers.set(hello.producer, producer);
          stats.producers++;
        }
        return true;
      }
      if (f.kind === FrameKind.HELLO) {
        fail("a second HELLO");
        return false;
      }
      if (f.kind === FrameKind.END) {
        const missing = f.sequence - (producer.expected - 1);
        if (missing > 0) recordGap(producer, missing, "at the end");
        if (f.sequence >= producer.expected) producer.expected = f.sequence + 1;
        sawEnd = true;
        stats.ended++;
        return true;
      }
      if (f.sequence < producer.expected) {
        fail(`sequence ${f.sequence} after ${producer.expected - 1}`);
        return false;
      }
      if (f.sequence > producer.expected) recordGap(producer, f.sequence - producer.expected, `before record ${f.sequence}`);
      producer.expected = f.sequence + 1;
      write(f.payload);
      if (f.kind === FrameKind.SNAPSHOT) write(NEWLINE);
      stats.records++;
      stats.bytes += f.payload.length;
      return true;
    };

    socket.on("data", (chunk: Buffer) => {
      let frames: Frame[];
      try {
        frames = decoder.push(chunk);
      } catch (e) {
        fail(e instanceof Error ? e.message : String(e));
        return;
      }
      for (const f of frames) if (!onFrame(f)) return;
    });
    socket.on("error", () => {
      // 'close' follows
    });
    socket.on("close", () => {
      sockets.delete(socket);
      if (sawEnd && options.once === true) void stop();
    });
  };

  const server = createServer(onConnection);
  await listen(server, parsed);
  const bound = boundAddress(server, parsed);

  const stop = (): Promise<ConsumerStats> => {
    if (stopping !== null) return stopping;
    stopping = (async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      if (stats.lost > 0) warn(`${stats.lost} records lost in transport (sequence gaps)`);
      // Settle only once everything accepted has reached the output.
      if (ownsOut) await new Promise<void>((resolve) => sink.end(() => resolve()));
      else if (!sinkFailed && sink.writable) await new Promise<void>((resolve) => sink.write(Buffer.alloc(0), () => resolve()));
      resolveDone(stats);
      return stats;
    })();
    return stopping;
  };

  return { address: bound, stats, done, close: stop };
}

/** `probegen consume <address> [--out FILE]`: runs until SIGINT/SIGTERM (or `once`); the exit code. */
export async function consumeCommand(argv: { address: string; out?: string; once?: boolean }): Promise<number> {
  let consumer: Consumer;
  try {
    consumer = await runConsumer(argv.address, argv.out ?? process.stdout, { once: argv.once ?? false });
  } catch (e) {
    stderrSink.write(`ERROR: consume: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  const onSignal = (): void => void consumer.close();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  await consumer.done;
  process.off("SIGINT", onSignal);
  process.off("SIGTERM", onSignal);
  return 0;
}

function parseHello(payload: Buffer): Hello | null {
  try {
    const v: unknown = JSON.parse(payload.toString("utf8"));
    if (typeof v !== "object" || v === null) return null;
    const h = v as Record<string, unknown>;
    if (h.protocol !== STREAM_PROTOCOL || typeof h.producer !== "string" || !/^[0-9a-f]{16}$/.test(h.producer)) return null;
    return {
      protocol: STREAM_PROTOCOL,
      producer: h.producer,
      module: typeof h.module === "string" ? h.module : "",
      pid: typeof h.pid === "number" ? h.pid : 0,
    };
  } catch {
    return null;
  }
}

async function listen(server: Server, a: StreamAddress): Promise<void> {
  try {
    await listenOnce(server, a);
  } catch (e) {
    if (a.kind !== "unix" || (e as NodeJS.ErrnoException).code !== "EADDRINUSE") throw e;
    // A socket file left by a consumer that died: reuse the path only if nobody answers there.
    if (await answers(a.path)) throw new Error(`a consumer is already listening at unix:${a.path}`);
    unlinkSync(a.path);
    await listenOnce(server, a);
  }
}

function listenOnce(server: Server, a: StreamAddress): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onError = (e: Error): void => reject(e);
    server.once("error", onError);
    const ready = (): void => {
      server.off("error", onError);
      resolve();
    };
    if (a.kind === "unix") server.listen(a.path, ready);
    else server.listen(a.port, a.host, ready);
  });
}

function answers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ path });
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
  });
}

function boundAddress(server: Server, a: StreamAddress): string {
  if (a.kind === "unix") return formatStreamAddress(a);
  const info = server.address();
  const port = info !== null && typeof info === "object" ? info.port : a.port;
  return formatStreamAddress({ kind: "tcp", host: a.host, port });
}
