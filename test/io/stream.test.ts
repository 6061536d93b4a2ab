import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { connect, createServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseStreamAddress } from "../../runtime-core/io/address.js";
import { consumeCommand, runConsumer, type Consumer } from "../../runtime-core/io/consume.js";
import {
  encodeFrame,
  FRAME_HEADER_BYTES,
  FrameDecoder,
  FrameKind,
  MAX_FRAME_PAYLOAD,
  ProtocolError,
  StreamTransport,
} from "../../runtime-core/io/stream.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "probegen-stream-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const quiet = () => {
  const lines: string[] = [];
  return { lines, sink: { write: (t: string) => void lines.push(t) } };
};

/** A Writable that keeps everything and, when `slowMs` > 0, takes that long per batch. */
class Capture extends Writable {
  readonly chunks: Buffer[] = [];
  constructor(private readonly slowMs = 0) {
    super({ highWaterMark: 16 * 1024 });
  }
  override _writev(chunks: { chunk: Buffer }[], cb: (e?: Error | null) => void): void {
    for (const c of chunks) this.chunks.push(c.chunk);
    if (this.slowMs > 0) setTimeout(cb, this.slowMs);
    else cb();
  }
  text(): string {
    return Buffer.concat(this.chunks).toString("utf8");
  }
}

const tick = () => new Promise<void>((r) => setImmediate(r));

describe("stream framing", () => {
  it("round-trips frames however the bytes are split", () => {
    const frames = [
      encodeFrame(FrameKind.HELLO, 0, Buffer.from("{}")),
      encodeFrame(FrameKind.PRINT, 1, Buffer.from("hello\n")),
      encodeFrame(FrameKind.SNAPSHOT, 2 ** 40 + 7, Buffer.from("")),
      encodeFrame(FrameKind.END, 2 ** 53 - 1, Buffer.alloc(0)),
    ];
    const all = Buffer.concat(frames);
    expect(all.readUInt32BE(FRAME_HEADER_BYTES + 2)).toBe(6); // second frame's length field
    for (let split = 0; split <= all.length; split++) {
      const d = new FrameDecoder();
      const got = [...d.push(all.subarray(0, split)), ...d.push(all.subarray(split))];
      expect(got.map((f) => [f.kind, f.sequence, f.payload.toString()])).toEqual([
        [0, 0, "{}"],
        [1, 1, "hello\n"],
        [2, 2 ** 40 + 7, ""],
        [3, 2 ** 53 - 1, ""],
      ]);
      expect(d.buffered).toBe(0);
    }
  });

  it("rejects oversized frames and unknown kinds", () => {
    const big = Buffer.alloc(FRAME_HEADER_BYTES);
    big.writeUInt32BE(0xffffffff, 0);
    expect(() => new FrameDecoder().push(big)).toThrow(ProtocolError);
    const odd = encodeFrame(FrameKind.PRINT, 1, Buffer.from("x"));
    odd[12] = 9;
    expect(() => new FrameDecoder().push(odd)).toThrow(/unknown frame kind 9/);
  });
});

describe("stream addresses", () => {
  it("parses unix and loopback tcp addresses and refuses others", () => {
    expect(parseStreamAddress("unix:/tmp/s")).toEqual({ kind: "unix", path: "/tmp/s" });
    expect(parseStreamAddress("tcp:127.0.0.1:9000")).toEqual({ kind: "tcp", host: "127.0.0.1", port: 9000 });
    expect(parseStreamAddress("tcp:[::1]:1")).toEqual({ kind: "tcp", host: "::1", port: 1 });
    expect(parseStreamAddress("tcp:localhost:0")).toEqual({ kind: "tcp", host: "localhost", port: 0 });
    expect(() => parseStreamAddress("tcp:10.0.0.1:9000")).toThrow(/not loopback/);
    expect(() => parseStreamAddress("tcp:127.0.0.1:70000")).toThrow(/port/);
    expect(() => parseStreamAddress("udp:x")).toThrow(/unix:/);
    expect(() => parseStreamAddress("unix:")).toThrow(/unix:/);
  });
});

describe("stream transport and consumer", () => {
  it("delivers records in order with snapshots as lines, over unix and tcp", async () => {
    for (const address of [`unix:${join(dir, "s.sock")}`, "tcp:127.0.0.1:0"]) {
      const out = new Capture();
      const err = quiet();
      const consumer = await runConsumer(address, out, { stderr: err.sink, once: true });
      const t = new StreamTransport({ address: consumer.address, module: "m" });
      t.send(Buffer.from("one\n"), "print");
      t.send(Buffer.from('{"array":"a","entries":[]}'), "snapshot");
      t.send(Buffer.from("two\n"), "print");
      await t.close();
      const stats = await consumer.done;
      expect(out.text()).toBe('one\n{"array":"a","entries":[]}\ntwo\n');
      expect(stats).toMatchObject({ records: 3, lost: 0, producers: 1, ended: 1, protocolErrors: 0 });
      expect(t.failures).toBe(0);
      expect(err.lines).toEqual([]);
    }
  });

  it("1,000,000 records to a slow consumer: the producer never waits, received + drops == sent, gaps == drops", async () => {
    const out = new Capture(10);
    const err = quiet();
    const consumer = await runConsumer(`unix:${join(dir, "slow.sock")}`, out, { stderr: err.sink, once: true, maxGapWarnings: 5 });
    const t = new StreamTransport({ address: consumer.address, module: "bulk", maxQueueRecords: 256 });
    while (t.queued === 0 && t.sent === 0) {
      // wait for the connection so the test measures a slow consumer, not an absent one
      await new Promise((r) => setTimeout(r, 5));
      if (consumer.stats.producers > 0) break;
    }
    const N = 1_000_000;
    let maxQueued = 0;
    for (let i = 1; i <= N; i++) {
      t.send(Buffer.from(`${i}\n`), "print");
      if (t.queued > maxQueued) maxQueued = t.queued;
      if (i % 500 === 0) await tick();
    }
    // Every send returned at once: the loop is done although most records never left.
    expect(t.sent).toBe(N);
    expect(maxQueued).toBeLessThanOrEqual(256);
    expect(consumer.stats.records).toBeLessThan(N);
    await t.close();
    const stats = await consumer.done;

    expect(t.failures).toBe(t.dropped);
    expect(t.dropped).toBeGreaterThan(0);
    expect(stats.outputStalls).toBeGreaterThan(0);
    expect(stats.records + t.dropped).toBe(N);
    expect(stats.lost).toBe(t.dropped);

    // The output holds exactly the delivered records, in order; its gaps are the drops.
    const lines = out.text().split("\n");
    expect(lines.pop()).toBe("");
    expect(lines.length).toBe(stats.records);
    let prev = 0;
    let gaps = 0;
    for (const line of lines) {
      const n = Number(line);
      expect(n).toBeGreaterThan(prev);
      gaps += n - prev - 1;
      prev = n;
    }
    gaps += N - prev;
    expect(gaps).toBe(t.dropped);
    expect(err.lines.at(-1)).toBe(`WARNING: ${t.dropped} records lost in transport (sequence gaps)\n`);
    expect(err.lines.filter((l) => / lost (before record|at the end)/.test(l)).length).toBeLessThanOrEqual(5);
  }, 120_000);

  it("drops and counts everything beyond the queue when no consumer is there", async () => {
    const t = new StreamTransport({ address: `unix:${join(dir, "nobody.sock")}`, maxQueueRecords: 10, closeTimeoutMs: 200 });
    for (let i = 0; i < 100; i++) t.send(Buffer.from("x"), "print");
    expect(t.queued).toBe(10);
    expect(t.dropped).toBe(90);
    await t.close();
    expect(t.dropped).toBe(100);
    expect(t.failures).toBe(100);
    t.send(Buffer.from("late"), "print");
    expect(t.failures).toBe(101);
  });

  it("reconnects when the consumer appears, and the consumer counts what was missed", async () => {
    const address = `unix:${join(dir, "late.sock")}`;
    const t = new StreamTransport({ address, maxQueueRecords: 3, reconnectMs: 20 });
    for (let i = 1; i <= 5; i++) t.send(Buffer.from(`${i}\n`), "print");
    expect(t.dropped).toBe(2);
    const out = new Capture();
    const err = quiet();
    const consumer = await runConsumer(address, out, { stderr: err.sink, once: true });
    while (consumer.stats.records < 3) await new Promise((r) => setTimeout(r, 10));
    t.send(Buffer.from("6\n"), "print");
    await t.close();
    const stats = await consumer.done;
    expect(out.text()).toBe("1\n2\n3\n6\n");
    expect(stats.lost).toBe(2);
    expect(t.failures).toBe(2);
    expect(err.lines[0]).toMatch(/^WARNING: 2 records lost before record 6 from producer [0-9a-f]{16} \(pid \d+\)\n$/);
  });

  it("follows one producer across connections without counting a false gap", async () => {
    const address = `unix:${join(dir, "re.sock")}`;
    const out = new Capture();
    const err = quiet();
    let consumer: Consumer = await runConsumer(address, out, { stderr: err.sink });
    const t = new StreamTransport({ address, reconnectMs: 20 });
    t.send(Buffer.from("a\n"), "print");
    while (consumer.stats.records < 1) await new Promise((r) => setTimeout(r, 10));
    await consumer.close();
    while (t.connected) await new Promise((r) => setTimeout(r, 5));
    // Sent while nobody listens: queued, not lost, until the transport reconnects.
    t.send(Buffer.from("b\n"), "print");
    await new Promise((r) => setTimeout(r, 50));
    consumer = await runConsumer(address, out, { stderr: err.sink, once: true });
    while (consumer.stats.connections < 1) await new Promise((r) => setTimeout(r, 10));
    await t.close();
    const stats = await consumer.done;
    expect(out.text()).toBe("a\nb\n");
    // The second consumer never saw record 1: for it that is a gap, reported as such.
    expect(stats.lost).toBe(1);
    expect(stats.records).toBe(1);
    expect(t.failures).toBe(0);
  });

  it("closes connections that do not speak the protocol, and keeps serving", async () => {
    const address = `unix:${join(dir, "proto.sock")}`;
    const out = new Capture();
    const err = quiet();
    const consumer = await runConsumer(address, out, { stderr: err.sink, once: true });
    await new Promise<void>((resolve) => {
      const s = connect({ path: join(dir, "proto.sock") });
      s.on("close", () => resolve());
      s.on("error", () => {});
      s.write("GET / HTTP/1.1\r\n\r\n");
    });
    expect(consumer.stats.protocolErrors).toBe(1);
    expect(err.lines[0]).toMatch(/^WARNING: consume: closing a connection/);
    const t = new StreamTransport({ address });
    t.send(Buffer.from("ok\n"), "print");
    await t.close();
    await consumer.done;
    expect(out.text()).toBe("ok\n");
  });

  it("writes to a file given by path and refuses a second consumer on the same socket", async () => {
    const address = `unix:${join(dir, "f.sock")}`;
    const file = join(dir, "out.txt");
    const consumer = await runConsumer(address, file, { stderr: quiet().sink, once: true });
    await expect(runConsumer(address, new Capture(), { stderr: quiet().sink })).rejects.toThrow(/already listening/);
    const t = new StreamTransport({ address });
    t.send(Buffer.from("to file\n"), "print");
    await t.close();
    await consumer.done;
    expect(readFileSync(file, "utf8")).toBe("to file\n");
  });

  it("consumeCommand (the CLI entry) writes to --out and returns 0; a bad address returns 1", async () => {
    const sock = join(dir, "cli.sock");
    const file = join(dir, "cli.out");
    const code = consumeCommand({ address: `unix:${sock}`, out: file, once: true });
    const t = new StreamTransport({ address: `unix:${sock}`, reconnectMs: 10 });
    t.send(Buffer.from("via cli\n"), "print");
    while (!t.connected) await new Promise((r) => setTimeout(r, 5));
    await t.close();
    expect(await code).toBe(0);
    expect(readFileSync(file, "utf8")).toBe("via cli\n");
    expect(await consumeCommand({ address: "tcp:8.8.8.8:53" })).toBe(1);
  });

  it("drops and counts a record larger than one frame may carry", async () => {
    const t = new StreamTransport({
      address: `unix:${join(dir, "nobody.sock")}`,
      maxQueueBytes: 2 * MAX_FRAME_PAYLOAD,
      closeTimeoutMs: 0,
    });
    t.send(Buffer.allocUnsafe(MAX_FRAME_PAYLOAD + 1), "print");
    expect(t.queued).toBe(0);
    expect(t.dropped).toBe(1);
    t.send(Buffer.from("fits\n"), "print");
    expect(t.queued).toBe(1);
    expect(t.sent).toBe(2);
    await t.close();
  });
});

describe("stream transport abandoned at process exit", () => {
  it("counts the queued records as dropped, synchronously, and takes no more", async () => {
    const t = new StreamTransport({ address: `unix:${join(dir, "nobody.sock")}`, maxQueueRecords: 10 });
    for (let i = 0; i < 4; i++) t.send(Buffer.from("x"), "print");
    expect(t.queued).toBe(4);
    expect(t.dropped).toBe(0);
    t.abandon();
    expect(t.queued).toBe(0);
    expect(t.dropped).toBe(4);
    t.send(Buffer.from("late"), "print");
    expect(t.failures).toBe(5);
    await t.close();
    expect(t.failures).toBe(5);
  });

  it("counts every record whose bytes never left the process, in the queue or the socket buffer", async () => {
    const address = join(dir, "stuck.sock");
    const peers: Socket[] = [];
    // A consumer that accepts and does not read until the producer is abandoned.
    const server = createServer((s) => {
      s.pause();
      peers.push(s);
    });
    await new Promise<void>((r) => server.listen(address, r));
    try {
      const t = new StreamTransport({ address: `unix:${address}`, maxQueueRecords: 64 });
      while (!t.connected) await tick();
      const record = Buffer.alloc(4096, 0x61);
      // Fill the kernel buffer, the socket's buffer and then the queue.
      for (let i = 0; i < 2000 && t.queued < 64; i++) {
        t.send(record, "print");
        await tick();
      }
      expect(t.queued).toBe(64);
      const queuedDrops = t.dropped;
      t.abandon();
      // More than the queue: the frames stuck in the socket's own buffer count too.
      expect(t.dropped).toBeGreaterThan(queuedDrops + 64);
      const peer = peers[0]!;
      const decoder = new FrameDecoder();
      let received = 0;
      peer.on("data", (chunk: Buffer) => {
        received += decoder.push(chunk).filter((f) => f.kind === FrameKind.PRINT).length;
      });
      await new Promise<void>((r) => {
        peer.once("close", () => r());
        peer.resume();
      });
      // No record lost without being counted.
      expect(t.sent - received).toBeLessThanOrEqual(t.dropped);
      expect(received).toBeGreaterThan(0);
      await t.close();
    } finally {
      for (const p of peers) p.destroy();
      await new Promise((r) => server.close(r));
    }
  });
});
