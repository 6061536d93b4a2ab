import { describe, expect, it } from "vitest";
import { runChildScript } from "./child.js";

const HEADER = `
import { defineProbeModule } from "../../runtime-core/module.js";
import { netstat } from "./fake-arrays.js";
`;

describe("a probe module in a process that exits", () => {
  it("still writes end output and the report when the host calls process.exit() midway", () => {
    const result = runChildScript(`${HEADER}
const m = defineProbeModule({
  arrays: netstat,
  probes: {
    begin: (ctx) => ctx.println("begin"),
    "user:hit": (ctx, key) => ctx.arrays.hits.add(key, 1),
    "user:bad": () => { throw new Error("bad thing"); },
    end: (ctx) => ctx.printf("end: %d hits on a\\n", ctx.arrays.hits.get("a")),
  },
  options: { maxErrors: 10 },
});
await m.start();
m.probe("hit").fire("a");
m.probe("hit").fire("a");
m.probe("bad").fire();
setInterval(() => {}, 1000);
setTimeout(() => {
  m.probe("hit").fire("b");
  process.exit(3);
}, 10);
`);
    expect(result.stdout).toBe("begin\nend: 2 hits on a\n");
    expect(result.stderr).toBe(
      "ERROR: bad thing in probe user:bad\n" +
        "probegen: module netstat stopped (process exit, code 3)\n" +
        "probegen: array hits: size 2, capacity 2, dropped 0, evicted 0\n" +
        "probegen: array latency: size 0, capacity 1024, dropped 0, evicted 0\n" +
        'hits["a"]=2\n' +
        'hits["b"]=1\n' +
        "WARNING: Number of errors: 1, skipped probes: 0\n",
    );
    expect(result.status).toBe(3);
  });

  it("never keeps the process alive: with every kind of source attached, the host ends on its own", () => {
    const result = runChildScript(`${HEADER}
const m = defineProbeModule({
  arrays: netstat,
  probes: {
    "timer.ms(50)": (ctx) => ctx.arrays.hits.add("tick", 1),
    "channel:probe.test": () => {},
    "perf:gc": () => {},
    "signal:SIGUSR2": () => {},
    end: (ctx) => ctx.println("end"),
  },
});
await m.start();
console.log("host done");
`);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe("host done\nend\n");
    expect(result.stderr).toBe(
      "probegen: module netstat stopped (process exit, code 0)\n" +
        "probegen: array hits: size 0, capacity 2, dropped 0, evicted 0\n" +
        "probegen: array latency: size 0, capacity 1024, dropped 0, evicted 0\n",
    );
  });

  it("stops cleanly with the default console output and lets the host carry on", () => {
    const result = runChildScript(`${HEADER}
const m = defineProbeModule({
  arrays: netstat,
  probes: {
    "user:hit": (ctx) => { ctx.print("hit "); throw new Error("first error stops"); },
  },
});
await m.start();
m.probe("hit").fire();
m.probe("hit").fire();
const reason = await m.stopped;
console.log("host still running after", reason.kind);
`);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe("hit host still running after errors\n");
    expect(result.stderr).toBe(
      "ERROR: first error stops in probe user:hit\n" +
        "probegen: module netstat stopped (too many errors: 1 > maxErrors 0)\n" +
        "probegen: array hits: size 0, capacity 2, dropped 0, evicted 0\n" +
        "probegen: array latency: size 0, capacity 1024, dropped 0, evicted 0\n" +
        "WARNING: Number of errors: 1, skipped probes: 1\n",
    );
  });

  it("counts the stream records still queued at exit in the report", () => {
    const result = runChildScript(`${HEADER}
import { tmpdir } from "node:os";
import { join } from "node:path";
const address = "unix:" + join(tmpdir(), "probegen-nobody-" + process.pid + ".sock");
const m = defineProbeModule({
  arrays: netstat,
  probes: {
    "user:hit": (ctx, key) => ctx.printf("hit %s\\n", key),
    end: (ctx) => ctx.println("end"),
  },
  options: { transports: [{ kind: "stream", address }] },
});
await m.start();
m.probe("hit").fire("a");
m.probe("hit").fire("b");
console.error("address " + address);
`);
    expect(result.status).toBe(0);
    const address = /^address (\S+)\n/.exec(result.stderr)?.[1];
    expect(address).toMatch(/^unix:/);
    expect(result.stderr).toBe(
      `address ${address}\n` +
        "probegen: module netstat stopped (process exit, code 0)\n" +
        "probegen: array hits: size 0, capacity 2, dropped 0, evicted 0\n" +
        "probegen: array latency: size 0, capacity 1024, dropped 0, evicted 0\n" +
        `WARNING: There were 3 transport failures (stream ${address}: 3).\n`,
    );
  });
});
