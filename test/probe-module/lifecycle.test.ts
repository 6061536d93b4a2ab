import { performance, type PerformanceEntry } from "node:perf_hooks";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { defineProbeModule, ProbeDefinitionError } from "../../runtime-core/module.js";
import { createFakeClock } from "../../runtime-core/time.js";
import { netstat } from "./fake-arrays.js";
import { FakeOutput } from "./fake-output.js";

/** Nanoseconds per millisecond, for the fake clock. */
const MS = 1_000_000;

afterEach(() => {
  vi.useRealTimers();
});

describe("lifecycle", () => {
  it("creates the arrays at start, runs begin first and end last, then reports and closes", async () => {
    const output = new FakeOutput();
    const log: string[] = [];
    let created = 0;
    const m = defineProbeModule({
      arrays: { module: "netstat", create: () => (created++, netstat.create()) },
      probes: {
        end: (ctx) => {
          log.push(ctx.probe);
          ctx.println(`hits ${ctx.arrays.hits.get("x")}`);
        },
        "user:hit": (ctx) => {
          log.push(ctx.probe);
          ctx.arrays.hits.add("x", 1);
        },
        begin: (ctx) => {
          log.push(ctx.probe);
          ctx.printf("%s started\n", "netstat");
        },
      },
      options: { output },
    });
    expect(() => m.arrays).toThrow("probe module netstat: the arrays exist from start() on");
    expect(created).toBe(0);
    expect(m.state).toBe("defined");
    await m.start();
    expect(created).toBe(1);
    expect(m.state).toBe("running");
    await expect(m.start()).rejects.toThrow("probe module netstat has already been started");
    const hit = m.probe("hit");
    hit.fire();
    hit.fire();
    expect(log).toEqual(["begin", "user:hit", "user:hit"]);
    expect(await m.stop()).toEqual({ kind: "stop" });
    expect(m.state).toBe("stopped");
    expect(log).toEqual(["begin", "user:hit", "user:hit", "end"]);
    expect(output.events.map((e) => e.kind)).toEqual(["flush", "flush", "report", "close"]);
    expect(output.texts("flush")).toEqual(["netstat started\n", "hits 2\n"]);
    expect(m.arrays.hits.get("x")).toBe(2);
    // A second stop is the same stop: no second report.
    expect(await m.stop()).toEqual({ kind: "stop" });
    expect(output.texts("report")).toHaveLength(1);
  });

  it("flushes the print buffer at the end of every handler", async () => {
    const output = new FakeOutput();
    const m = defineProbeModule({
      arrays: netstat,
      probes: {
        "user:say": (ctx, word: string) => {
          ctx.print(word);
          ctx.print("!");
          expect(output.texts("flush")).not.toContain(`${word}!`);
        },
      },
      options: { output },
    });
    await m.start();
    m.probe("say").fire("a");
    m.probe("say").fire("b");
    expect(output.texts("flush")).toEqual(["a!", "b!"]);
    await m.stop();
  });

  it("passes a user probe's arguments and skips firings while not running", async () => {
    const output = new FakeOutput();
    const m = defineProbeModule({
      arrays: netstat,
      probes: {
        "user:query": (ctx, sql: string, ms: number) => ctx.arrays.latency.add(sql, ms),
      },
      options: { output },
    });
    const query = m.probe("query");
    query.fire("before", 1);
    await m.start();
    query.fire("select", 3);
    query.fire("select", 5);
    expect(m.arrays.latency.entries()).toEqual([
      { key: ["select"], value: { count: 2n, sum: 8n, min: 3n, max: 5n } },
    ]);
    expect(m.skipped).toBe(1);
    await m.stop();
    query.fire("after", 1);
    expect(m.skipped).toBe(2);
    expect(m.arrays.latency.size).toBe(1);
    expect(() => (m.probe as (name: string) => unknown)("nope")).toThrow(
      new ProbeDefinitionError("probe module netstat has no probe 'user:nope'"),
    );
  });

  it("skips a probe fired from inside a handler (no reentrancy) and counts it", async () => {
    const output = new FakeOutput();
    const m = defineProbeModule({
      arrays: netstat,
      probes: {
        "user:outer": (ctx) => {
          ctx.arrays.hits.add("outer", 1);
          m.probe("inner").fire();
        },
        "user:inner": (ctx) => ctx.arrays.hits.add("inner", 1),
      },
      options: { output },
    });
    await m.start();
    m.probe("outer").fire();
    m.probe("inner").fire();
    expect(m.arrays.hits.entries().map((e) => [e.key[0], e.value])).toEqual([
      ["outer", 1n],
      ["inner", 1n],
    ]);
    expect(m.skipped).toBe(1);
    await m.stop();
    expect(output.texts("report")[0]).toContain("WARNING: Number of errors: 0, skipped probes: 1\n");
  });

  it("stops on ctx.exit() after the handler, then runs end", async () => {
    const output = new FakeOutput();
    const m = defineProbeModule({
      arrays: netstat,
      probes: {
        "user:done": (ctx) => {
          ctx.exit();
          ctx.println("still running this handler");
        },
        end: (ctx) => ctx.println("end"),
      },
      options: { output },
    });
    await m.start();
    m.probe("done").fire();
    expect(m.state).toBe("stopping");
    m.probe("done").fire();
    expect(await m.stopped).toEqual({ kind: "exit", probe: "user:done" });
    expect(output.texts("flush")).toEqual(["still running this handler\n", "end\n"]);
    expect(output.texts("report")[0]).toMatch(/^probegen: module netstat stopped \(exit\(\) in probe user:done\)\n/);
    expect(m.skipped).toBe(1);
  });

  it("finishes a stop() called from inside a handler on a later turn, off the host's call stack", async () => {
    const output = new FakeOutput();
    const log: string[] = [];
    const m = defineProbeModule({
      arrays: netstat,
      probes: {
        "user:quit": (ctx) => {
          void m.stop();
          ctx.println("after stop()");
          log.push("quit");
        },
        end: (ctx) => {
          log.push("end");
          ctx.println("end");
        },
      },
      options: { output },
    });
    await m.start();
    m.probe("quit").fire();
    log.push("fire returned");
    expect(m.state).toBe("stopping");
    expect(output.texts("report")).toEqual([]);
    expect(await m.stopped).toEqual({ kind: "stop" });
    expect(log).toEqual(["quit", "fire returned", "end"]);
    expect(output.texts("flush")).toEqual(["after stop()\n", "end\n"]);
    expect(output.events.map((e) => e.kind)).toEqual(["flush", "flush", "report", "close"]);
  });
});

describe("errors", () => {
  it("reports an error in begin and stops at the first error by default; end still runs", async () => {
    const output = new FakeOutput();
    const m = defineProbeModule({
      arrays: netstat,
      probes: {
        begin: () => {
          throw new Error("division by 0");
        },
        "user:never": (ctx) => ctx.println("never"),
        end: (ctx) => ctx.println(`end, errors so far ${m.errors}`),
      },
      options: { output },
    });
    await m.start();
    m.probe("never").fire();
    expect(await m.stopped).toEqual({ kind: "errors", errors: 1, maxErrors: 0 });
    expect(output.events).toEqual([
      { kind: "error", text: "division by 0 in probe begin" },
      { kind: "flush", text: "end, errors so far 1\n" },
      {
        kind: "report",
        text:
          "probegen: module netstat stopped (too many errors: 1 > maxErrors 0)\n" +
          "probegen: array hits: size 0, capacity 2, dropped 0, evicted 0\n" +
          "probegen: array latency: size 0, capacity 1024, dropped 0, evicted 0\n" +
          "WARNING: Number of errors: 1, skipped probes: 1\n",
      },
      { kind: "close" },
    ]);
  });

  it("counts thrown non-Errors and rejected promises, and tolerates maxErrors of them", async () => {
    const output = new FakeOutput();
    const m = defineProbeModule({
      arrays: netstat,
      probes: {
        "user:throwString": () => {
          throw "plain string";
        },
        "user:reject": async () => {
          await Promise.resolve();
          throw new Error("async failure");
        },
      },
      options: { output, maxErrors: 2 },
    });
    await m.start();
    m.probe("throwString").fire();
    m.probe("reject").fire();
    await vi.waitFor(() => expect(m.errors).toBe(2));
    expect(m.state).toBe("running");
    m.probe("throwString").fire();
    expect(m.state).toBe("stopping");
    await m.stopped;
    expect(output.texts("error")).toEqual([
      "plain string in probe user:throwString",
      "async failure in probe user:reject",
      "plain string in probe user:throwString",
    ]);
  });

  it("refuses keys that are not probe points and handlers that are not functions", () => {
    const define = (probes: Record<string, unknown>) => () =>
      defineProbeModule({ arrays: netstat, probes: probes as Record<"begin", () => void> });
    expect(define({ "timer.ms(0)": () => {} })).toThrow(
      new ProbeDefinitionError("probe 'timer.ms(0)': the period must be an integer from 1 to 2147483647 (ms)"),
    );
    expect(define({ "timer.ms(1.5)": () => {} })).toThrow(ProbeDefinitionError);
    expect(define({ "perf:cpu": () => {} })).toThrow(
      new ProbeDefinitionError("probe 'perf:cpu': unknown perf entry type 'cpu'"),
    );
    expect(define({ "signal:SIGNOPE": () => {} })).toThrow(
      new ProbeDefinitionError("probe 'signal:SIGNOPE': unknown signal 'SIGNOPE'"),
    );
    expect(define({ "timer.s(1)": () => {} })).toThrow(
      new ProbeDefinitionError(
        "'timer.s(1)' is not a probe point: use begin, end, timer.ms(N), channel:NAME, perf:TYPE, signal:SIGNAME or user:NAME",
      ),
    );
    expect(define({ "channel:": () => {} })).toThrow(ProbeDefinitionError);
    expect(define({ begin: 42 })).toThrow(new ProbeDefinitionError("probe 'begin': the handler is not a function"));
    expect(() => defineProbeModule({ arrays: netstat, probes: {}, options: { maxErrors: -1 } })).toThrow(RangeError);
    expect(() => defineProbeModule({ arrays: netstat, probes: {}, options: { overload: { share: 0 } } })).toThrow(
      RangeError,
    );
  });
});

describe("event-sourced probe points", () => {
  it("fires timer.ms(N) every N ms and clears the interval on stop", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const output = new FakeOutput();
    let ticks = 0;
    const m = defineProbeModule({
      arrays: netstat,
      probes: { "timer.ms(5)": () => void ticks++ },
      options: { output },
    });
    await m.start();
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(35);
    expect(ticks).toBe(7);
    await m.stop();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(100);
    expect(ticks).toBe(7);
  });

  it("fires signal:SIGUSR2 on the signal and removes its listener on stop", async () => {
    const output = new FakeOutput();
    const before = process.listenerCount("SIGUSR2");
    const seen: string[] = [];
    const m = defineProbeModule({
      arrays: netstat,
      probes: { "signal:SIGUSR2": (_ctx, signal) => void seen.push(signal) },
      options: { output },
    });
    await m.start();
    expect(process.listenerCount("SIGUSR2")).toBe(before + 1);
    process.kill(process.pid, "SIGUSR2");
    await vi.waitFor(() => expect(seen).toEqual(["SIGUSR2"]));
    await m.stop();
    expect(process.listenerCount("SIGUSR2")).toBe(before);
  });

  it("fires perf:gc for a garbage collection and perf:function for a timerified call", async () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const output = new FakeOutput();
    const entries: PerformanceEntry[] = [];
    const m = defineProbeModule({
      arrays: netstat,
      probes: {
        "perf:gc": (_ctx, entry) => void entries.push(entry),
        "perf:function": (_ctx, entry) => void entries.push(entry),
      },
      options: { output },
    });
    await m.start();
    gc();
    const work = performance.timerify(function probedWork() {
      return 1;
    });
    work();
    await vi.waitFor(() => {
      expect(entries.some((e) => e.entryType === "gc")).toBe(true);
      expect(entries.some((e) => e.entryType === "function" && e.name === "probedWork")).toBe(true);
    });
    await m.stop();
    const seen = entries.length;
    gc();
    work();
    await new Promise((done) => setTimeout(done, 20));
    expect(entries).toHaveLength(seen);
  });
});

describe("overload guard", () => {
  it("stops the module with a warning naming the cost when handlers take over half of 1 s", async () => {
    const clock = createFakeClock();
    const output = new FakeOutput();
    const m = defineProbeModule({
      arrays: netstat,
      probes: {
        // Handlers "take" time by moving the fake clock.
        "user:work": (_ctx, ms: number) => clock.advance(ms * MS),
        "user:light": () => clock.advance(MS),
      },
      options: { output, clock },
    });
    await m.start();
    const work = m.probe("work");
    // 40 ms of work every 100 ms: 40% of each second, for 3 seconds.
    for (let t = 0; t < 3000; t += 100) {
      work.fire(40);
      clock.advance(60 * MS);
    }
    expect(m.state).toBe("running");
    // Then back to back: the 13th run passes 500 ms within the interval that began at 3000.
    for (let i = 0; i < 12; i++) work.fire(40);
    m.probe("light").fire();
    expect(m.state).toBe("running");
    work.fire(40);
    expect(m.state).toBe("stopping");
    work.fire(40);
    expect(await m.stopped).toEqual({
      kind: "overload",
      message:
        "probe overhead (521 ms) exceeded threshold (500 ms) in last 1000 ms; most expensive probe: user:work (520 ms)",
    });
    expect(output.texts("warn")).toEqual([
      "probe overhead (521 ms) exceeded threshold (500 ms) in last 1000 ms; most expensive probe: user:work (520 ms)",
    ]);
    expect(m.skipped).toBe(1);
    expect(output.texts("report")[0]).toMatch(
      /^probegen: module netstat stopped \(overload: probe overhead \(521 ms\)[^\n]*\)\n/,
    );
  });

  it("does not count begin, which is setup", async () => {
    const clock = createFakeClock();
    const m = defineProbeModule({
      arrays: netstat,
      probes: { begin: () => clock.advance(5000 * MS), "user:light": () => clock.advance(MS) },
      options: { output: new FakeOutput(), clock },
    });
    await m.start();
    m.probe("light").fire();
    expect(m.state).toBe("running");
    await m.stop();
  });

  it("trips on one run longer than the threshold, with a custom share and interval", async () => {
    const clock = createFakeClock();
    const output = new FakeOutput();
    const m = defineProbeModule({
      arrays: netstat,
      probes: { "user:slow": (_ctx, ms: number) => clock.advance(ms * MS) },
      options: { output, clock, overload: { share: 0.1, intervalMs: 100 } },
    });
    await m.start();
    m.probe("slow").fire(10);
    expect(m.state).toBe("running");
    clock.advance(1000 * MS);
    m.probe("slow").fire(10.5);
    expect(output.texts("warn")).toEqual([
      "probe overhead (10.5 ms) exceeded threshold (10 ms) in last 100 ms; most expensive probe: user:slow (10.5 ms)",
    ]);
    await m.stopped;
  });

  it("is off with overload: false", async () => {
    const clock = createFakeClock();
    const m = defineProbeModule({
      arrays: netstat,
      probes: { "user:slow": () => clock.advance(5000 * MS) },
      options: { output: new FakeOutput(), clock, overload: false },
    });
    await m.start();
    m.probe("slow").fire();
    m.probe("slow").fire();
    expect(m.state).toBe("running");
    await m.stop();
  });
});

describe("end report", () => {
  it("lists every array's counters, prints display arrays, errors, skips and transport failures", async () => {
    const output = new FakeOutput();
    output.transportFailures = 3;
    const m = defineProbeModule({
      arrays: netstat,
      probes: {
        begin: (ctx) => {
          ctx.arrays.hits.add("a", 2);
          ctx.arrays.hits.add('say "hi"', 1);
          ctx.arrays.hits.add("c", 1);
          ctx.arrays.hits.add("a", 1);
          ctx.arrays.latency.add("read", 7);
        },
        "user:oops": () => {
          throw new Error("empty aggregate");
        },
      },
      options: { output, maxErrors: 5 },
    });
    await m.start();
    m.probe("oops").fire();
    await m.stop();
    m.probe("oops").fire();
    expect(output.texts("report")).toEqual([
      "probegen: module netstat stopped\n" +
        "probegen: array hits: size 2, capacity 2, dropped 1, evicted 0\n" +
        "probegen: array latency: size 1, capacity 1024, dropped 0, evicted 0\n" +
        'hits["a"]=3\n' +
        'hits["say \\"hi\\""]=1\n' +
        "WARNING: Array 'hits' dropped 1 new keys (onFull drop, size limit 2)\n" +
        "WARNING: Number of errors: 1, skipped probes: 0\n" +
        "WARNING: There were 3 transport failures (output: 3).\n",
    ]);
  });

  it("has no warnings when nothing went wrong", async () => {
    const output = new FakeOutput();
    const m = defineProbeModule({ arrays: netstat, probes: {}, options: { output } });
    await m.start();
    await m.stop();
    expect(output.texts("report")).toEqual([
      "probegen: module netstat stopped\n" +
        "probegen: array hits: size 0, capacity 2, dropped 0, evicted 0\n" +
        "probegen: array latency: size 0, capacity 1024, dropped 0, evicted 0\n",
    ]);
  });
});
