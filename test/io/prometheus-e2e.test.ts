// A real Prometheus server (Debian package `prometheus`) scrapes a running probe's pull
// endpoint over loopback; its query API must return exactly the counts the arrays hold.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createOutput } from "../../runtime-core/io/output.js";
import { long, set, stats } from "./fakes.js";
import { requireTool } from "./tools.js";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

async function query(base: string, promql: string): Promise<Sample[]> {
  const r = await fetch(`${base}/api/v1/query?query=${encodeURIComponent(promql)}`);
  const body = (await r.json()) as { status: string; data?: { result: Sample[] } };
  return body.status === "success" ? (body.data?.result ?? []) : [];
}

async function stopProcess(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => p.once("exit", () => resolve()));
  p.kill("SIGTERM");
  const timer = setTimeout(() => p.kill("SIGKILL"), 5000);
  await exited;
  clearTimeout(timer);
}

describe("Prometheus end to end", () => {
  it("scrapes a running probe and returns exactly the recorded counts", async (ctx) => {
    const prometheus = requireTool("prometheus");
    if (prometheus === null) return ctx.skip();

    const hits = long("hits", [["route", "string"], ["status", "long"]], [
      [["/home", 200n], 17n],
      [['/we"ird\\path', 404n], 3n],
    ]);
    const lat = stats("lat", [["op", "string"]], { kind: "log2" }, [
      [["read"], [0n, 1n, 2n, 3n, 9n]],
      [["write"], [100n]],
    ]);
    const out = createOutput({
      module: "e2e",
      transports: [{ kind: "pull" }],
      arrays: () => set(hits, lat),
      stderr: { write: () => {} },
    });
    await out.ready;
    const target = `127.0.0.1:${out.pull!.port}`;

    const dir = mkdtempSync(join(tmpdir(), "probegen-prom-"));
    const port = await freePort();
    const config = join(dir, "prometheus.yml");
    writeFileSync(
      config,
      [
        "global:",
        "  scrape_interval: 1s",
        "  evaluation_interval: 1s",
        "scrape_configs:",
        "  - job_name: probe",
        "    scrape_interval: 1s",
        "    scrape_timeout: 1s",
        "    static_configs:",
        `      - targets: ["${target}"]`,
        "",
      ].join("\n"),
    );
    let log = "";
    const server = spawn(
      prometheus,
      [
        `--config.file=${config}`,
        `--storage.tsdb.path=${join(dir, "data")}`,
        `--web.listen-address=127.0.0.1:${port}`,
        "--log.level=warn",
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    server.stdout!.on("data", (d) => (log += d));
    server.stderr!.on("data", (d) => (log += d));
    const base = `http://127.0.0.1:${port}`;
    try {
      // Bounded wait for the first successful scrape of both families.
      const deadline = Date.now() + 45_000;
      let got: Sample[] = [];
      while (Date.now() < deadline && server.exitCode === null) {
        try {
          got = await query(base, 'up{job="probe"} == 1 and on() count(probegen_e2e_lat_count) > 0');
          if (got.length > 0) break;
        } catch {
          // not listening yet
        }
        await new Promise((r) => setTimeout(r, 300));
      }
      expect(got.length, `prometheus never scraped the probe:\n${log}`).toBe(1);

      const gauges = await query(base, "probegen_e2e_hits");
      const byRoute = Object.fromEntries(gauges.map((s) => [`${s.metric.route} ${s.metric.status}`, s.value[1]]));
      expect(byRoute).toEqual({ "/home 200": "17", '/we"ird\\path 404': "3" });

      const counts = await query(base, "probegen_e2e_lat_count");
      expect(Object.fromEntries(counts.map((s) => [s.metric.op, s.value[1]]))).toEqual({ read: "5", write: "1" });
      const sums = await query(base, "probegen_e2e_lat_sum");
      expect(Object.fromEntries(sums.map((s) => [s.metric.op, s.value[1]]))).toEqual({ read: "15", write: "100" });

      const buckets = await query(base, 'probegen_e2e_lat_bucket{op="read"}');
      const cumulative = Object.fromEntries(buckets.map((s) => [s.metric.le, s.value[1]]));
      expect(cumulative).toEqual({ "0": "1", "1": "2", "3": "4", "7": "4", "15": "5", "31": "5", "63": "5", "127": "5", "+Inf": "5" });

      const q = await query(base, 'histogram_quantile(0.5, probegen_e2e_lat_bucket{op="read"})');
      expect(Number(q[0]?.value[1])).toBeGreaterThan(1);
      expect(Number(q[0]?.value[1])).toBeLessThanOrEqual(3);
    } finally {
      await stopProcess(server);
      await out.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
