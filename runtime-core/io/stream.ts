/**
 * The stream transport (the netlink role): records pushed to a consumer (`probegen consume`)
 * over a Unix domain socket or loopback TCP.
 *
 * Wire format (probegen-stream/1). The producer connects to the consumer, which listens. Every
 * message is a frame:
 *
 *   offset  size  field
 *   0       4     payload length N, unsigned big-endian (at most 64 MiB)
 *   4       8     sequence number, unsigned big-endian
 *   12      1     kind: 0 HELLO, 1 PRINT, 2 SNAPSHOT, 3 END
 *   13      N     payload
 *
 * - HELLO (sequence 0) opens every connection; its payload is the UTF-8 JSON
 *   `{"protocol":"probegen-stream/1","producer":"<16 hex digits>","module":"NAME","pid":N}`.
 *   `producer` is random per transport instance, so a consumer follows one producer's
 *   sequence across reconnections.
 * - PRINT: one flush of the print buffer (bytes as printed). SNAPSHOT: one array's JSON line,
 *   without the newline.
 * - Sequence numbers count every PRINT/SNAPSHOT record the probe produced, from 1, whether it
 *   was delivered or not: a jump from s to s + k + 1 means k records were lost.
 * - END (payload empty) closes a producer cleanly; its sequence is the last one assigned, so
 *   records lost after the last delivered one are counted too.
 *
 * Guarantees of the producer:
 * - `send` never blocks and never throws: it appends the frame to a bounded in-memory queue
 *   (`maxQueueRecords`, `maxQueueBytes`) and returns. When the queue is full (consumer slow or
 *   absent) the record is dropped and counted; its sequence number is used all the same. So is
 *   a record too large for one frame (`MAX_FRAME_PAYLOAD`), which no consumer would accept.
 * - The queue is drained by socket writes that honour backpressure: once `write()` returns
 *   false, draining waits for 'drain'. Memory stays bounded by the queue plus one socket
 *   high-water mark.
 * - A missing consumer is retried every `reconnectMs` (records queue, then drop, meanwhile).
 *   Records handed to a socket that then fails are counted as failures too.
 * - `close()` waits at most `closeTimeoutMs` for the queue to drain, counts what is left as
 *   dropped, sends END, and settles.
 * - `abandon()` is for process 'exit', where no later turn runs: synchronously, it counts as
 *   dropped every record that can no longer arrive (the queue, and the frames whose bytes are
 *   still in the socket's userland buffer; bytes the kernel took are delivered) and releases
 *   the socket.
 * - Neither the socket nor the retry timer keeps the process alive.
 */
import { randomBytes } from "node:crypto";
import { connect, type NetConnectOpts, type Socket } from "node:net";
import { parseStreamAddress, type StreamAddress } from "./address.js";
import type { RecordKind, RecordTransport } from "./transport.js";

export const STREAM_PROTOCOL = "probegen-stream/1";
export const FRAME_HEADER_BYTES = 13;
export const MAX_FRAME_PAYLOAD = 64 * 1024 * 1024;

export const FrameKind = { HELLO: 0, PRINT: 1, SNAPSHOT: 2, END: 3 } as const;
export type FrameKind = (typeof FrameKind)[keyof typeof FrameKind];

export interface Frame {
  readonly kind: FrameKind;
  readonly sequence: number;
  readonly payload: Buffer;
}

export interface Hello {
  readonly protocol: string;
  readonly producer: string;
  readonly module: string;
  readonly pid: number;
}

const TWO32 = 4294967296;
const SOCKET_HIGH_WATER_MARK = 64 * 1024;

export function encodeFrame(kind: FrameKind, sequence: number, payload: Uint8Array): Buffer {
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + payload.length);
  frame.writeUInt32BE(payload.length, 0);
  frame.writeUInt32BE(Math.floor(sequence / TWO32), 4);
  frame.writeUInt32BE(sequence >>> 0, 8);
  frame[12] = kind;
  frame.set(payload, FRAME_HEADER_BYTES);
  return frame;
}

export class ProtocolError extends Error {
  override name = "ProtocolError";
}

/** Splits a byte stream into frames; throws ProtocolError on a malformed header. */
export class FrameDecoder {
  private rest: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Frame[] {
    const buf = this.rest.length === 0 ? chunk : Buffer.concat([this.rest, chunk]);
    const frames: Frame[] = [];
    let at = 0;
    while (buf.length - at >= FRAME_HEADER_BYTES) {
      const length = buf.readUInt32BE(at);
      const kind = buf[at + 12] ?? 255;
      if (length > MAX_FRAME_PAYLOAD) throw new ProtocolError(`frame of ${length} bytes exceeds ${MAX_FRAME_PAYLOAD}`);
      if (kind > FrameKind.END) throw new ProtocolError(`unknown frame kind ${kind}`);
      if (buf.length - at - FRAME_HEADER_BYTES < length) break;
      const sequence = buf.readUInt32BE(at + 4) * TWO32 + buf.readUInt32BE(at + 8);
      const start = at + FRAME_HEADER_BYTES;
      frames.push({ kind: kind as FrameKind, sequence, payload: buf.subarray(start, start + length) });
      at = start + length;
    }
    this.rest = at === buf.length ? Buffer.alloc(0) : buf.subarray(at);
    return frames;
  }

  /** Bytes of an incomplete frame still waiting. */
  get buffered(): number {
    return this.rest.length;
  }
}

export interface StreamTransportOptions {
  /** `unix:/path` or `tcp:127.0.0.1:PORT` (see address.ts). */
  address: string;
  module?: string;
  /** Default 1024 records. */
  maxQueueRecords?: number;
  /** Default 1 MiB of frames. */
  maxQueueBytes?: number;
  /** Default 1000 ms. */
  reconnectMs?: number;
  /** Default 2000 ms. */
  closeTimeoutMs?: number;
}

interface Connection {
  readonly socket: Socket;
  connected: boolean;
  blocked: boolean;
  inFlight: number;
  /** Sizes of the in-flight frames, oldest first (write callbacks come in order). */
  readonly sizes: number[];
  /** Abandoned at exit: its records are counted already, its callbacks count nothing. */
  abandoned: boolean;
}

export class StreamTransport implements RecordTransport {
  readonly label: string;
  readonly producer = randomBytes(8).toString("hex");
  private readonly address: StreamAddress;
  private readonly maxRecords: number;
  private readonly maxBytes: number;
  private readonly reconnectMs: number;
  private readonly closeTimeoutMs: number;
  private readonly hello: Buffer;
  /** Ring buffer of frames waiting for the socket. */
  private readonly ring: (Buffer | undefined)[];
  private head = 0;
  private count = 0;
  private queuedBytes = 0;
  private seq = 0;
  private droppedCount = 0;
  private writeFailures = 0;
  private conn: Connection | null = null;
  private retry: NodeJS.Timeout | null = null;
  private pumpScheduled = false;
  private closing = false;
  private abandoned = false;

  constructor(options: StreamTransportOptions) {
    this.address = parseStreamAddress(options.address);
    this.label = `stream ${options.address}`;
    this.maxRecords = positive(options.maxQueueRecords ?? 1024, "maxQueueRecords");
    this.maxBytes = positive(options.maxQueueBytes ?? 1024 * 1024, "maxQueueBytes");
    this.reconnectMs = positive(options.reconnectMs ?? 1000, "reconnectMs");
    this.closeTimeoutMs = options.closeTimeoutMs ?? 2000;
    this.ring = new Array<Buffer | undefined>(this.maxRecords);
    const hello: Hello = { protocol: STREAM_PROTOCOL, producer: this.producer, module: options.module ?? "", pid: process.pid };
    this.hello = encodeFrame(FrameKind.HELLO, 0, Buffer.from(JSON.stringify(hello)));
    this.connect();
  }

  /** Records produced so far (the last sequence number assigned). */
  get sent(): number {
    return this.seq;
  }

  /** Records dropped because the queue was full (or the transport closed). */
  get dropped(): number {
    return this.droppedCount;
  }

  get failures(): number {
    return this.droppedCount + this.writeFailures;
  }

  /** Whether a consumer connection is up now. */
  get connected(): boolean {
    return this.conn !== null && this.conn.connected;
  }

  /** Records waiting in the queue. */
  get queued(): number {
    return this.count;
  }

  send(record: Uint8Array, kind: RecordKind): void {
    const seq = ++this.seq;
    const size = FRAME_HEADER_BYTES + record.length;
    if (this.closing || record.length > MAX_FRAME_PAYLOAD || this.count === this.maxRecords || this.queuedBytes + size > this.maxBytes) {
      this.droppedCount++;
      return;
    }
    try {
      const frame = encodeFrame(kind === "print" ? FrameKind.PRINT : FrameKind.SNAPSHOT, seq, record);
      this.ring[(this.head + this.count) % this.maxRecords] = frame;
      this.count++;
      this.queuedBytes += size;
      this.schedulePump();
    } catch {
      this.droppedCount++;
    }
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    if (this.retry !== null) clearTimeout(this.retry);
    this.retry = null;
    const deadline = Date.now() + this.closeTimeoutMs;
    if (this.conn === null && this.count > 0) this.connect();
    // Closing is the one moment the transport may hold the process: briefly, to deliver.
    this.conn?.socket.ref();
    while (Date.now() < deadline) {
      const c = this.conn;
      if (c === null) break;
      if (this.count === 0 && c.inFlight === 0) break;
      if (c.connected && !c.blocked) this.pump();
      await sleep(5);
    }
    this.dropQueued();
    const c = this.conn;
    if (c === null || this.abandoned) return;
    if (!c.connected) {
      c.socket.destroy();
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        c.socket.destroy();
        resolve();
      }, Math.max(0, deadline - Date.now()) + 100);
      c.socket.once("close", () => {
        clearTimeout(timer);
        resolve();
      });
      c.socket.end(encodeFrame(FrameKind.END, this.seq, Buffer.alloc(0)));
    });
  }

  /** Synchronous, for process 'exit': see the guarantees above. */
  abandon(): void {
    if (this.abandoned) return;
    this.abandoned = true;
    this.closing = true;
    if (this.retry !== null) clearTimeout(this.retry);
    this.retry = null;
    this.dropQueued();
    const c = this.conn;
    if (c === null) return;
    c.abandoned = true;
    // The userland buffer holds the newest bytes: walk back from the newest frame until it is
    // covered. A frame partly handed to the kernel arrives truncated, so it is lost as well.
    let unsent = c.socket.writableLength;
    for (let i = c.sizes.length - 1; i >= 0 && unsent > 0; i--) {
      this.droppedCount++;
      unsent -= c.sizes[i]!;
    }
    c.socket.destroy();
  }

  private dropQueued(): void {
    this.droppedCount += this.count;
    for (let i = 0; i < this.count; i++) this.ring[(this.head + i) % this.maxRecords] = undefined;
    this.count = 0;
    this.queuedBytes = 0;
  }

  private connect(): void {
    this.retry = null;
    const a = this.address;
    let socket: Socket;
    try {
      // Passed through to the Duplex; @types/node does not list it on connect options.
      const hwm = { writableHighWaterMark: SOCKET_HIGH_WATER_MARK };
      const opts: NetConnectOpts = a.kind === "unix" ? { ...hwm, path: a.path } : { ...hwm, host: a.host, port: a.port };
      socket = connect(opts);
    } catch {
      this.scheduleReconnect();
      return;
    }
    socket.unref();
    const c: Connection = { socket, connected: false, blocked: false, inFlight: 0, sizes: [], abandoned: false };
    this.conn = c;
    socket.on("connect", () => {
      c.connected = true;
      socket.setNoDelay?.(true);
      socket.write(this.hello);
      this.pump();
    });
    socket.on("drain", () => {
      c.blocked = false;
      this.pump();
    });
    socket.on("data", () => {
      // The consumer sends nothing; ignore anything it does.
    });
    socket.on("error", () => {
      // 'close' follows; in-flight writes report through their callbacks.
    });
    socket.on("close", () => {
      if (this.conn === c) this.conn = null;
      if (!this.closing) this.scheduleReconnect();
    });
  }

  private scheduleReconnect(): void {
    if (this.retry !== null || this.closing) return;
    this.retry = setTimeout(() => this.connect(), this.reconnectMs);
    this.retry.unref();
  }

  private schedulePump(): void {
    if (this.pumpScheduled) return;
    const c = this.conn;
    if (c === null || !c.connected || c.blocked) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    const c = this.conn;
    if (c === null || !c.connected || c.blocked || this.count === 0) return;
    const socket = c.socket;
    const done = (err?: Error | null): void => {
      c.inFlight--;
      c.sizes.shift();
      if (err && !c.abandoned) this.writeFailures++;
    };
    try {
      socket.cork();
      while (this.count > 0) {
        const frame = this.ring[this.head] as Buffer;
        this.ring[this.head] = undefined;
        this.head = (this.head + 1) % this.maxRecords;
        this.count--;
        this.queuedBytes -= frame.length;
        c.inFlight++;
        c.sizes.push(frame.length);
        if (!socket.write(frame, done)) {
          c.blocked = true;
          break;
        }
      }
      socket.uncork();
    } catch {
      // A write on a socket being torn down: its callback reports the record.
    }
  }
}

function positive(n: number, name: string): number {
  if (!Number.isSafeInteger(n) || n <= 0) throw new RangeError(`stream transport ${name} must be a positive integer, got ${n}`);
  return n;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
