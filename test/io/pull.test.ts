import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPullServer, type PullServer } from "../../runtime-core/io/pull.js";
import { long, set, stats, strings } from "./fakes.js";

const hits = long("hits", [["route", "string"]], [[["/a"], 2n]]);
const names = strings("names", [["pid", "long"]], [[[1n], "init"]]);
const lat = stats("lat", [["op", "string"]], { kind: "log2" }, [[["r"], [1n, 2n]]]);
let server: PullServer;

/** One raw request on a fresh connection; the whole response as text. */
function raw(request: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: server.host, port: server.port });
    let text = "";
    s.on("data", (d) => (text += d.toString()));
    s.on("end", () => resolve(text));
    s.on("error", (e) => (text === "" ? reject(e) : resolve(text)));
    s.end(request);
  });
}

beforeAll(async () => {
  server = await startPullServer({ arrays: () => set(hits, names, lat), module: "web" });
});
afterAll(() => server.close());

describe("pull endpoint", () => {
  it("binds to loopback by default", () => {
    expect(server.host).toBe("127.0.0.1");
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
  });

  it("lists the arrays", async () => {
    const text = await fetch(`${server.url}/arrays`);
    expect(text.status).toBe(200);
    expect(await text.text()).toBe("hits\nnames\nlat\n");
    const json = await fetch(`${server.url}/arrays?format=json`);
    expect(json.headers.get("content-type")).toBe("application/json");
    expect(await json.json()).toEqual({ arrays: ["hits", "names", "lat"] });
  });

  it("serves an array's text and JSON line exactly as the array renders them", async () => {
    const text = await fetch(`${server.url}/arrays/names`);
    expect(text.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await text.text()).toBe(names.printText());
    const json = await fetch(`${server.url}/arrays/hits?format=json`);
    expect(json.headers.get("content-type")).toBe("application/x-ndjson");
    expect(await json.text()).toBe(`${hits.toJSONLine()}\n`);
  });

  it("serves /metrics in the Prometheus text format, without string arrays", async () => {
    const r = await fetch(`${server.url}/metrics`);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    const body = await r.text();
    expect(body).toContain('probegen_web_hits{route="/a"} 2\n');
    expect(body).toContain('probegen_web_lat_count{op="r"} 2\n');
    expect(body).not.toContain("names");
  });

  it("reflects the arrays at request time", async () => {
    hits.rows = [{ key: ["/b"], value: 5n }];
    expect(await (await fetch(`${server.url}/metrics`)).text()).toContain('probegen_web_hits{route="/b"} 5\n');
  });

  it("answers HEAD without a body", async () => {
    const r = await fetch(`${server.url}/arrays`, { method: "HEAD" });
    expect(r.status).toBe(200);
    expect(await r.text()).toBe("");
  });

  it("404s unknown paths and arrays (including Object.prototype names)", async () => {
    for (const path of ["/", "/metricsx", "/arrays/nope", "/arrays/constructor", "/arrays/__proto__", "/arrays/hits/x"]) {
      expect((await fetch(`${server.url}${path}`)).status, path).toBe(404);
    }
  });

  it("is read-only: other methods get 405 with Allow", async () => {
    for (const method of ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"]) {
      const r = await fetch(`${server.url}/arrays/hits`, { method });
      expect(r.status, method).toBe(405);
      expect(r.headers.get("allow")).toBe("GET, HEAD");
    }
    expect(await raw("TRACE /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).toMatch(/^HTTP\/1\.1 405 /);
  });

  it("rejects bad queries, bodies, oversized and malformed requests", async () => {
    expect((await fetch(`${server.url}/arrays/hits?format=xml`)).status).toBe(400);
    expect((await fetch(`${server.url}/arrays/hits?sort=1`)).status).toBe(400);
    expect((await fetch(`${server.url}/metrics?format=json`)).status).toBe(400);
    expect((await fetch(`${server.url}/arrays/%E0%A4%A`)).status).toBe(400);
    expect((await fetch(`${server.url}/arrays/${"x".repeat(3000)}`)).status).toBe(414);
    expect(await raw("GET /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc")).toMatch(
      /^HTTP\/1\.1 413 /,
    );
    expect(await raw(`GET /metrics HTTP/1.1\r\nHost: x\r\nX-Big: ${"y".repeat(10_000)}\r\n\r\n`)).toMatch(/^HTTP\/1\.1 431 /);
    expect(await raw("THIS IS NOT HTTP\r\n\r\n")).toMatch(/^HTTP\/1\.1 400 /);
    expect(await raw(Buffer.from([0, 1, 2, 3, 13, 10, 13, 10]))).toMatch(/^HTTP\/1\.1 400 /);
    // Still serving after all that.
    expect((await fetch(`${server.url}/arrays`)).status).toBe(200);
  });

  it("answers 500 and counts a failure when an array cannot be rendered, and keeps serving", async () => {
    const broken = long("broken", [["k", "long"]], []);
    broken.printText = () => {
      throw new Error("boom");
    };
    const s = await startPullServer({ arrays: () => set(broken), module: "m" });
    try {
      const r = await fetch(`${s.url}/arrays/broken`);
      expect(r.status).toBe(500);
      expect(s.failures).toBe(1);
      expect((await fetch(`${s.url}/arrays`)).status).toBe(200);
    } finally {
      await s.close();
    }
  });
});
