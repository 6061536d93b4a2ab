import diagnostics_channel from "node:diagnostics_channel";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defineProbeModule } from "../../runtime-core/module.js";
import { netstat } from "./fake-arrays.js";
import { FakeOutput } from "./fake-output.js";

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    response.setHeader("content-type", "text/plain");
    response.end(`ok ${request.url}`);
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((done) => server.close(() => done()));
});

async function get(path: string): Promise<string> {
  const response = await fetch(base + path);
  expect(response.status).toBe(200);
  return response.text();
}

const START = "http.server.request.start";
const FINISH = "http.server.response.finish";

describe("a probe module on a node:http server", () => {
  it("records one latency sample per request and route from diagnostics_channel events", async () => {
    const output = new FakeOutput();
    const started = new WeakMap<ServerResponse, bigint>();
    const m = defineProbeModule({
      arrays: netstat,
      probes: {
        [`channel:${START}`]: (_ctx, { response }) => {
          started.set(response, process.hrtime.bigint());
        },
        [`channel:${FINISH}`]: (ctx, { request, response }) => {
          const t0 = started.get(response);
          if (t0 === undefined) throw new Error("finish without start");
          const route = `${request.method} ${new URL(request.url ?? "/", "http://x").pathname}`;
          ctx.arrays.latency.add(route, Number((process.hrtime.bigint() - t0) / 1000n));
        },
      },
      options: { output },
    });
    await m.start();
    const n = 12;
    for (let i = 0; i < n; i++) expect(await get(i % 3 === 0 ? `/b?i=${i}` : `/a?i=${i}`)).toMatch(/^ok \//);
    const latency = m.arrays.latency;
    expect(latency.count("GET /a")).toBe(8);
    expect(latency.count("GET /b")).toBe(4);
    expect(latency.entries().reduce((sum, e) => sum + Number((e.value as { count: bigint }).count), 0)).toBe(n);

    await m.stop();
    expect(diagnostics_channel.channel(START).hasSubscribers).toBe(false);
    expect(diagnostics_channel.channel(FINISH).hasSubscribers).toBe(false);
    expect(m.errors).toBe(0);
    expect(output.texts("error")).toEqual([]);
    // Requests after the stop are served and not recorded.
    await get("/a");
    expect(latency.count("GET /a")).toBe(8);
  });

  it("counts a throwing probe, stops after maxErrors and the server keeps serving", async () => {
    const output = new FakeOutput();
    const m = defineProbeModule({
      arrays: netstat,
      probes: {
        [`channel:${START}`]: (ctx, { request }) => {
          if (request.url === "/boom") throw new Error(`cannot handle ${request.url}`);
          ctx.arrays.hits.add(request.url ?? "", 1);
        },
        end: (ctx) => ctx.println(`end after ${ctx.arrays.hits.get("/ok")} ok`),
      },
      options: { output, maxErrors: 1 },
    });
    await m.start();
    await get("/ok");
    await get("/boom");
    expect(m.state).toBe("running");
    await get("/ok");
    await get("/boom");
    expect(m.state).not.toBe("running");
    expect(await m.stopped).toEqual({ kind: "errors", errors: 2, maxErrors: 1 });
    expect(m.state).toBe("stopped");
    expect(diagnostics_channel.channel(START).hasSubscribers).toBe(false);

    for (let i = 0; i < 3; i++) expect(await get("/ok")).toBe("ok /ok");
    expect(await get("/boom")).toBe("ok /boom");
    expect(m.arrays.hits.get("/ok")).toBe(2);
    expect(m.errors).toBe(2);
    expect(output.texts("error")).toEqual([
      `cannot handle /boom in probe channel:${START}`,
      `cannot handle /boom in probe channel:${START}`,
    ]);
    expect(output.texts("flush")).toEqual(["end after 2 ok\n"]);
    expect(output.texts("report")).toEqual([
      "probegen: module netstat stopped (too many errors: 2 > maxErrors 1)\n" +
        "probegen: array hits: size 1, capacity 2, dropped 0, evicted 0\n" +
        "probegen: array latency: size 0, capacity 1024, dropped 0, evicted 0\n" +
        'hits["/ok"]=2\n' +
        "WARNING: Number of errors: 2, skipped probes: 0\n",
    ]);
  });
});
