import { describe, expect, it } from "vitest";
import { ConsoleTransport, Diagnostics } from "../../runtime-core/io/console.js";
import type { ByteStream } from "../../runtime-core/io/transport.js";

const capture = () => {
  const lines: string[] = [];
  return { lines, sink: { write: (t: string) => void lines.push(t) } };
};

describe("Diagnostics", () => {
  it("prefixes levels and ends each message with one newline", () => {
    const { lines, sink } = capture();
    const d = new Diagnostics(sink);
    d.warn("careful");
    d.error("broken\n");
    expect(lines).toEqual(["WARNING: careful\n", "ERROR: broken\n"]);
  });

  it("de-duplicates repeated warnings and reports the count", () => {
    const { lines, sink } = capture();
    const d = new Diagnostics(sink);
    for (let i = 0; i < 5; i++) d.warn("same");
    d.warn("other");
    d.error("e");
    d.error("e");
    expect(lines).toEqual(["WARNING: same\n", "WARNING: other\n", "ERROR: e\n", "ERROR: e\n"]);
    expect(d.repeatSummary()).toBe("WARNING: same (repeated 4 more times)\n");
    expect(d.repeatSummary()).toBe("");
    d.warn("same");
    expect(lines.length).toBe(4);
    expect(d.repeatSummary()).toBe("WARNING: same (repeated 1 more times)\n");
  });

  it("counts a failing stderr instead of throwing", () => {
    const d = new Diagnostics({
      write() {
        throw new Error("EPIPE");
      },
    });
    expect(() => d.warn("x")).not.toThrow();
    expect(() => d.error("y")).not.toThrow();
    expect(d.failures).toBe(2);
  });
});

describe("ConsoleTransport", () => {
  it("writes records to stdout, snapshots with a newline", () => {
    const chunks: string[] = [];
    const out: ByteStream = { writableLength: 0, write: (c) => (chunks.push(Buffer.from(c).toString()), true) };
    const t = new ConsoleTransport({ stdout: out });
    t.send(Buffer.from("hello\n"), "print");
    t.send(Buffer.from('{"array":"a","entries":[]}'), "snapshot");
    expect(chunks.join("")).toBe('hello\n{"array":"a","entries":[]}\n');
    expect(t.failures).toBe(0);
  });

  it("drops and counts records while stdout has too much pending, and never throws", () => {
    let pending = 0;
    const out = {
      get writableLength() {
        return pending;
      },
      write: (c: Uint8Array) => ((pending += c.length), false),
    };
    const t = new ConsoleTransport({ stdout: out, maxPendingBytes: 10 });
    t.send(Buffer.from("0123456789"), "print");
    t.send(Buffer.from("x"), "print");
    t.send(Buffer.from("y"), "print");
    expect(pending).toBe(11);
    expect(t.failures).toBe(1);
    const broken = new ConsoleTransport({
      stdout: {
        writableLength: 0,
        write() {
          throw new Error("EBADF");
        },
      },
    });
    expect(() => broken.send(Buffer.from("z"), "print")).not.toThrow();
    expect(broken.failures).toBe(1);
  });
});
