/**
 * What the probe author's types guarantee. Checked by `tsc` (npm run typecheck); each
 * `@ts-expect-error` fails the typecheck if the line ever becomes valid.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { PerformanceEntry } from "node:perf_hooks";
import { describe, expect, expectTypeOf, it } from "vitest";
import { defineProbeModule, type ProbeContext, type ProbeModule } from "../../runtime-core/module.js";
import { netstat, type FakeLongArray, type NetstatArrays } from "./fake-arrays.js";
import { FakeOutput } from "./fake-output.js";

describe("probe module types", () => {
  it("types ctx, known channel messages, perf entries, signals and user probe arguments", () => {
    const m = defineProbeModule({
      arrays: netstat,
      probes: {
        begin: (ctx) => {
          expectTypeOf(ctx).toEqualTypeOf<ProbeContext<NetstatArrays>>();
          expectTypeOf(ctx.arrays.hits).toEqualTypeOf<FakeLongArray>();
        },
        "channel:http.server.request.start": (_ctx, message, channel) => {
          expectTypeOf(message.request).toEqualTypeOf<IncomingMessage>();
          expectTypeOf(message.response).toEqualTypeOf<ServerResponse>();
          expectTypeOf(channel).toEqualTypeOf<"http.server.request.start">();
        },
        "channel:my.own.channel": (_ctx, message, channel) => {
          expectTypeOf(message).toEqualTypeOf<unknown>();
          expectTypeOf(channel).toEqualTypeOf<string>();
        },
        "perf:gc": (_ctx, entry) => expectTypeOf(entry).toEqualTypeOf<PerformanceEntry>(),
        "signal:SIGUSR2": (_ctx, signal) => expectTypeOf(signal).toEqualTypeOf<NodeJS.Signals>(),
        "timer.ms(250)": (ctx) => ctx.arrays.latency.add("tick", 1),
        "user:query": (_ctx, sql: string, ms: number) => void [sql, ms],
        "user:ping": () => {},
      },
      options: { output: new FakeOutput() },
    });
    expectTypeOf(m).toExtend<ProbeModule<NetstatArrays, object>>();
    expectTypeOf<typeof m.arrays>().toEqualTypeOf<NetstatArrays>();
    expectTypeOf(m.probe("query").fire).parameters.toEqualTypeOf<[sql: string, ms: number]>();
    expectTypeOf(m.probe("ping").fire).parameters.toEqualTypeOf<[]>();
    // @ts-expect-error: only declared user probes
    expect(() => m.probe("nope")).toThrow();
    // @ts-expect-error: the declared arguments, exactly
    m.probe("query").fire("select");
  });

  it("rejects keys that are not probe points and mistyped handlers", () => {
    expect(() =>
      defineProbeModule({
        arrays: netstat,
        probes: {
          // @ts-expect-error: not a probe point
          "timer.s(1)": () => {},
        },
      }),
    ).toThrow();
    expect(() =>
      defineProbeModule({
        arrays: netstat,
        probes: {
          // @ts-expect-error: not a signal
          "signal:SIGNOPE": () => {},
        },
      }),
    ).toThrow();
    expect(() =>
      defineProbeModule({
        arrays: netstat,
        probes: {
          // @ts-expect-error: not a perf entry type
          "perf:cpu": () => {},
        },
      }),
    ).toThrow();
    defineProbeModule({
      arrays: netstat,
      probes: {
        // @ts-expect-error: the message of a known channel is typed
        "channel:http.server.request.start": (_ctx, message: { nope: number }) => void message,
        // @ts-expect-error: no such array
        begin: (ctx) => ctx.arrays.missing,
      },
    });
  });
});
