import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createOutput } from "../../runtime-core/io/output.js";
import { defineProbeModule } from "../../runtime-core/module.js";
import { netstat } from "./fake-arrays.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("a probe module with io/'s createOutput", () => {
  it("makes its output from `transports`: prints and the end report reach the file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "probe-out-"));
    dirs.push(dir);
    const path = join(dir, "out.log");
    const m = defineProbeModule({
      arrays: netstat,
      probes: {
        "user:hit": (ctx, key: string) => {
          ctx.arrays.hits.add(key, 1);
          ctx.printf("hit %s\n", key);
        },
      },
      options: { transports: [{ kind: "file", path }] },
    });
    await m.start();
    m.probe("hit").fire("a");
    m.probe("hit").fire("b");
    await m.stop();
    expect(readFileSync(path, "utf8")).toBe(
      "hit a\nhit b\n" +
        "probegen: module netstat stopped\n" +
        "probegen: array hits: size 2, capacity 2, dropped 0, evicted 0\n" +
        "probegen: array latency: size 0, capacity 1024, dropped 0, evicted 0\n" +
        'hits["a"]=1\nhits["b"]=1\n',
    );
  });

  it("counts in the end report the stream records dropped at stop, end handler output included", async () => {
    const dir = mkdtempSync(join(tmpdir(), "probe-out-"));
    dirs.push(dir);
    const path = join(dir, "out.log");
    const address = `unix:${join(dir, "nobody.sock")}`;
    const m = defineProbeModule({
      arrays: netstat,
      probes: {
        "user:hit": (ctx, key: string) => ctx.printf("hit %s\n", key),
        end: (ctx) => ctx.println("end"),
      },
      options: {
        transports: [
          { kind: "file", path },
          { kind: "stream", address, closeTimeoutMs: 20 },
        ],
      },
    });
    await m.start();
    m.probe("hit").fire("a");
    m.probe("hit").fire("b");
    await m.stop();
    // Nobody consumes the stream: the two hits and end's record are dropped when it closes.
    expect(readFileSync(path, "utf8")).toBe(
      "hit a\nhit b\nend\n" +
        "probegen: module netstat stopped\n" +
        "probegen: array hits: size 0, capacity 2, dropped 0, evicted 0\n" +
        "probegen: array latency: size 0, capacity 1024, dropped 0, evicted 0\n" +
        `WARNING: There were 3 transport failures (stream ${address}: 3).\n`,
    );
  });

  it("starts once the pull endpoint listens and serves the module's arrays", async () => {
    const output = createOutput({ module: "netstat", arrays: () => m.arrays, transports: [{ kind: "pull" }] });
    const m = defineProbeModule({
      arrays: netstat,
      probes: { begin: (ctx) => ctx.arrays.hits.add("begin", 1) },
      options: { output },
    });
    await m.start();
    expect(output.pull).not.toBeNull();
    const response = await fetch(`${output.pull!.url}/arrays/hits`);
    expect(await response.text()).toBe('hits["begin"]=1\n');
    await m.stop();
  });

  it("rejects start when the output cannot start, and settles `stopped`", async () => {
    const taken = createServer();
    await new Promise<void>((done) => taken.listen(0, "127.0.0.1", done));
    const port = (taken.address() as AddressInfo).port;
    try {
      const m = defineProbeModule({
        arrays: netstat,
        probes: { begin: () => expect.unreachable("begin must not run") },
        options: { transports: [{ kind: "pull", port, host: "127.0.0.1" }] },
      });
      await expect(m.start()).rejects.toThrow(/EADDRINUSE/);
      expect(m.state).toBe("stopped");
      expect(await m.stopped).toEqual({ kind: "start-failed", message: expect.stringContaining("EADDRINUSE") });
    } finally {
      taken.close();
    }
  });

  it("refuses both output and transports", () => {
    expect(() =>
      defineProbeModule({
        arrays: netstat,
        probes: {},
        options: { output: createOutput(), transports: [{ kind: "console" }] },
      }),
    ).toThrow(new RangeError("give either options.output or options.transports, not both"));
  });
});
