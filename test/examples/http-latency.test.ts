// The shipped example probe project, end to end: generated arrays plugged into a probe module
// with no glue code, fed by a real node:http server; and a generated array keyed by stack id.
import { request, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, test } from "vitest";
import { createArrays } from "../../examples/http-latency/generated/index.js";
import { httpLatencyProbe } from "../../examples/http-latency/probe.js";
import { foldedLines, stackId, type StatsSnapshot } from "../../runtime-core/index.js";

function get(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request({ host: "127.0.0.1", port, path }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    })
      .on("error", reject)
      .end();
  });
}

describe("examples/http-latency", () => {
  test("records one latency sample per request, per route and status", async () => {
    const server = createServer((req, res) => {
      res.statusCode = req.url === "/missing" ? 404 : 200;
      res.end("ok");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as AddressInfo;
    const probe = httpLatencyProbe([{ kind: "console", stdout: { write: () => true, writableLength: 0 } }]);
    await probe.start();
    try {
      for (let i = 0; i < 7; i++) await get(port, "/users");
      for (let i = 0; i < 3; i++) await get(port, "/missing");
      const { latency, requests } = probe.arrays;
      expect(latency.count("/users", 200)).toBe(7);
      expect(latency.count("/missing", 404)).toBe(3);
      expect(latency.has("/users", 404)).toBe(false);
      expect(requests.get("/users")).toBe(7);
      const stats = latency.entries()[0]!.value as StatsSnapshot;
      expect(stats.hist!.reduce((a, b) => a + b, 0)).toBe(7);
    } finally {
      await probe.stop();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  test("an array keyed by stack id: two call paths, two entries, folded output names them", () => {
    const { callers } = createArrays();
    function handleAlpha(): void {
      callers.add(stackId(), 1);
    }
    function handleBeta(): void {
      callers.add(stackId(), 1);
    }
    for (let i = 0; i < 3; i++) handleAlpha();
    handleBeta();
    expect(callers.size).toBe(2);
    const entries = callers.entries().map((e) => [Number(e.key[0]), e.value as bigint] as [number, bigint]);
    const folded = foldedLines(entries).trimEnd().split("\n");
    expect(folded).toHaveLength(2);
    expect(folded[0]).toMatch(/;handleAlpha 3$/);
    expect(folded[1]).toMatch(/;handleBeta 1$/);
  });
});
