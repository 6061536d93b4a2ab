import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runConsumer } from "../../runtime-core/io/consume.js";
import { createOutput } from "../../runtime-core/io/output.js";
import type { ByteStream } from "../../runtime-core/io/transport.js";
import { long, set } from "./fakes.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "probegen-out-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function fakeStdout() {
  const writes: string[] = [];
  const stream: ByteStream = { writableLength: 0, write: (c) => (writes.push(Buffer.from(c).toString()), true) };
  return { writes, stream };
}
function fakeStderr() {
  const lines: string[] = [];
  return { lines, sink: { write: (t: string) => void lines.push(t) } };
}

describe("createOutput", () => {
  it("buffers print/println/printf and writes one record per flush", async () => {
    const out = fakeStdout();
    const o = createOutput({ transports: [{ kind: "console", stdout: out.stream }], stderr: fakeStderr().sink });
    o.print("a");
    o.println("b");
    o.printf("%s=%d %x\n", "n", -5n, 255);
    expect(out.writes).toEqual([]);
    o.flush();
    expect(out.writes).toEqual(["ab\nn=-5 ff\n"]);
    o.flush();
    expect(out.writes.length).toBe(1);
    o.print("tail");
    await o.close();
    expect(out.writes).toEqual(["ab\nn=-5 ff\n", "tail"]);
  });

  it("flushes when the configured buffer is full", async () => {
    const out = fakeStdout();
    const o = createOutput({ bufferSize: 16, transports: [{ kind: "console", stdout: out.stream }], stderr: fakeStderr().sink });
    expect(o.bufferSize).toBe(16);
    for (let i = 0; i < 5; i++) o.printf("%04d\n", i);
    expect(out.writes).toEqual(["0000\n0001\n0002\n"]);
    await o.close();
    expect(out.writes).toEqual(["0000\n0001\n0002\n", "0003\n0004\n"]);
  });

  it("lets printf format errors reach the probe (they are the probe's own)", async () => {
    const o = createOutput({ transports: [{ kind: "console", stdout: fakeStdout().stream }], stderr: fakeStderr().sink });
    expect(() => o.printf("%d", "not a number")).toThrow();
    await o.close();
  });

  it("sends every record to every record transport, in order", async () => {
    const out = fakeStdout();
    const path = join(dir, "out.log");
    const o = createOutput({
      transports: [{ kind: "console", stdout: out.stream }, { kind: "file", path }],
      stderr: fakeStderr().sink,
    });
    o.println("one");
    o.flush();
    o.snapshot(long("hits", [["k", "long"]], [[[1n], 2n]]));
    o.println("two");
    await o.close();
    const expected = 'one\n{"array":"hits","entries":[{"key":[1],"value":2}]}\ntwo\n';
    expect(out.writes.join("")).toBe(expected);
    expect(readFileSync(path, "utf8")).toBe(expected);
  });

  it("never lets a transport exception reach the probe, and counts it", async () => {
    const broken: ByteStream = {
      writableLength: 0,
      write() {
        throw new Error("EBADF");
      },
    };
    const o = createOutput({ transports: [{ kind: "console", stdout: broken }], stderr: fakeStderr().sink });
    o.println("x");
    expect(() => o.flush()).not.toThrow();
    expect(o.transportFailures).toBe(1);
    await o.close();
    o.println("after close");
    o.flush();
    expect(o.transportFailures).toBe(2);
  });

  it("warns on stderr with de-duplication; reportSync goes to stderr and the file, synchronously", async () => {
    const err = fakeStderr();
    const path = join(dir, "out.log");
    const o = createOutput({ transports: [{ kind: "file", path }], stderr: err.sink });
    o.warn("slow");
    o.warn("slow");
    o.warn("slow");
    o.error("bad");
    expect(err.lines).toEqual(["WARNING: slow\n", "ERROR: bad\n"]);
    o.reportSync("END REPORT\n");
    expect(err.lines.at(-1)).toBe("WARNING: slow (repeated 2 more times)\nEND REPORT\n");
    expect(readFileSync(path, "utf8")).toBe("WARNING: slow (repeated 2 more times)\nEND REPORT\n");
    await o.close();
  });

  it("exit report: transport failures and each array's drops and evictions", async () => {
    const hits = long("hits", [["k", "long"]], []);
    hits.counts = { dropped: 3, evicted: 0 };
    const lru = long("recent", [["k", "long"]], []);
    lru.counts = { dropped: 0, evicted: 7 };
    const quietArray = long("quiet", [["k", "long"]], []);
    const o = createOutput({
      transports: [{ kind: "stream", address: `unix:${join(dir, "nobody.sock")}`, maxQueueRecords: 1, closeTimeoutMs: 50 }],
      arrays: () => set(hits, lru, quietArray),
      stderr: fakeStderr().sink,
    });
    expect(o.exitReport()).toBe(
      "WARNING: Array 'hits' dropped 3 new keys (onFull drop, size limit 100)\n" +
        "WARNING: Array 'recent' evicted 7 entries (onFull drop, size limit 100)\n",
    );
    for (let i = 0; i < 3; i++) {
      o.println(`r${i}`);
      o.flush();
    }
    await o.close();
    expect(o.transportFailures).toBe(3);
    expect(o.exitReport().split("\n")[0]).toBe(
      `WARNING: There were 3 transport failures (stream unix:${join(dir, "nobody.sock")}: 3).`,
    );
  });

  it("streams records to a consumer, and implies console when only pull is listed", async () => {
    const sock = `unix:${join(dir, "s.sock")}`;
    const chunks: Buffer[] = [];
    const sink = new Writable({
      write(c: Buffer, _e, cb) {
        chunks.push(c);
        cb();
      },
    });
    const consumer = await runConsumer(sock, sink, { stderr: fakeStderr().sink, once: true });
    const o = createOutput({ module: "m", transports: [{ kind: "stream", address: sock }], stderr: fakeStderr().sink });
    o.printf("%s %d\n", "hello", 1);
    o.flush();
    await o.close();
    await consumer.done;
    expect(Buffer.concat(chunks).toString()).toBe("hello 1\n");
    expect(o.transportFailures).toBe(0);

    const out = fakeStdout();
    const p = createOutput({ transports: [{ kind: "pull" }], stdout: out.stream, stderr: fakeStderr().sink });
    await p.ready;
    expect(p.pull?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    p.println("printed");
    await p.close();
    expect(out.writes).toEqual(["printed\n"]);
  });

  it("reports a pull endpoint that cannot listen through `ready` and an ERROR line", async () => {
    const first = createOutput({ transports: [{ kind: "pull" }], stderr: fakeStderr().sink });
    await first.ready;
    const err = fakeStderr();
    const second = createOutput({ transports: [{ kind: "pull", port: first.pull!.port }], stderr: err.sink });
    await expect(second.ready).rejects.toThrow(/EADDRINUSE/);
    expect(err.lines[0]).toMatch(/^ERROR: pull endpoint could not listen on 127\.0\.0\.1:\d+: .*EADDRINUSE/);
    expect(second.transportFailures).toBe(1);
    await second.close();
    await first.close();
  });

  it("closes the transports already made when a later one cannot be created, then throws", async () => {
    const address = join(dir, "c.sock");
    const peers: Socket[] = [];
    const server = createServer((s) => void peers.push(s));
    await new Promise<void>((r) => server.listen(address, r));
    const taken = createOutput({ transports: [{ kind: "pull" }], stderr: fakeStderr().sink });
    await taken.ready;
    const port = taken.pull!.port;
    await taken.close();
    try {
      expect(() =>
        createOutput({
          transports: [
            { kind: "stream", address: `unix:${address}`, reconnectMs: 10 },
            { kind: "pull", port },
            { kind: "file", path: join(dir, "no", "such", "dir", "out.log") },
          ],
          stderr: fakeStderr().sink,
        }),
      ).toThrow(/ENOENT/);
      // The pull endpoint is closed once its start settles: the port becomes free again.
      let again = null;
      for (let i = 0; i < 100 && again === null; i++) {
        const o = createOutput({ transports: [{ kind: "pull", port }], stderr: fakeStderr().sink });
        again = await o.ready.then(
          () => o,
          async () => (await o.close(), null),
        );
        if (again === null) await new Promise((r) => setTimeout(r, 20));
      }
      expect(again).not.toBeNull();
      await again!.close();
      // The stream does not stay connected (nor reconnect every 10 ms).
      for (let i = 0; i < 100 && !(peers.length > 0 && peers.every((p) => p.closed)); i++) {
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(peers.length).toBe(1);
      expect(peers[0]!.closed).toBe(true);
    } finally {
      for (const p of peers) p.destroy();
      await new Promise((r) => server.close(r));
    }
  });

  it("drain() delivers and closes the stream first, so its end drops are counted before the report", async () => {
    const file = join(dir, "out.log");
    const o = createOutput({
      transports: [
        { kind: "file", path: file },
        { kind: "stream", address: `unix:${join(dir, "nobody.sock")}`, closeTimeoutMs: 20 },
      ],
      stderr: fakeStderr().sink,
    });
    o.println("one");
    o.println("two");
    expect(o.transportFailures).toBe(0);
    await o.drain();
    expect(o.transportFailures).toBe(1);
    o.reportSync("report\n");
    o.println("late");
    o.flush();
    await o.close();
    expect(readFileSync(file, "utf8")).toBe("one\ntwo\nreport\n");
    expect(o.transportCounts()).toEqual([
      { label: `file ${file}`, failures: 0 },
      { label: `stream unix:${join(dir, "nobody.sock")}`, failures: 1 },
      { label: "after close", failures: 1 },
    ]);
  });

  it("abandon() flushes and counts, synchronously, what the stream can no longer deliver", async () => {
    const o = createOutput({
      transports: [{ kind: "stream", address: `unix:${join(dir, "nobody.sock")}` }],
      stderr: fakeStderr().sink,
    });
    o.println("queued");
    o.flush();
    o.println("buffered");
    o.abandon();
    expect(o.transportFailures).toBe(2);
    await o.close();
    expect(o.transportFailures).toBe(2);
  });
});
