// Regressions found in review: the pull endpoint must not keep the host alive through a
// client's open connection; EPIPE on stdout must not kill the host; a large synchronous
// report must not be cut at the pipe's capacity; Prometheus families must not collide with a
// histogram's own series names.
import { spawn, spawnSync } from "node:child_process";
import { Agent, get } from "node:http";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { renderMetrics } from "../../runtime-core/io/prometheus.js";
import { long, set, stats } from "./fakes.js";

const runtime = fileURLToPath(new URL("../../dist/runtime-core/index.js", import.meta.url));

describe("review fixes", () => {
  it("needs the built runtime", () => {
    expect(existsSync(runtime), "run npm run build first").toBe(true);
  });

  it("a scraper keeping its connection open does not keep the host alive", async () => {
    // The host starts the endpoint and has nothing else to do: it must end at once, although a
    // client scrapes it over one keep-alive connection every 500 ms.
    const script = `
      import { startPullServer } from ${JSON.stringify(runtime)};
      const pull = await startPullServer({ arrays: () => ({}), module: "m" });
      process.stdout.write(pull.port + "\\n");
    `;
    const t0 = Date.now();
    const p = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "pipe"] });
    const port = await new Promise<number>((resolve) => p.stdout.once("data", (d) => resolve(Number(String(d).trim()))));
    const agent = new Agent({ keepAlive: true });
    const scrape = (): void => {
      get({ host: "127.0.0.1", port, path: "/arrays", agent }, (res) => res.resume()).on("error", () => {});
    };
    scrape();
    const timer = setInterval(scrape, 500);
    const code = await new Promise<number | null>((resolve) => p.on("close", resolve));
    clearInterval(timer);
    agent.destroy();
    expect(code).toBe(0);
    expect(Date.now() - t0).toBeLessThan(4000);
  });

  it("stdout closed by its reader (EPIPE) is counted, never fatal", async () => {
    const script = `
      import { createOutput } from ${JSON.stringify(runtime)};
      const out = createOutput({ transports: [{ kind: "console" }] });
      await out.ready;
      const line = "x".repeat(1000);
      for (let i = 0; i < 2000; i++) { out.println(line); out.flush(); await new Promise((r) => setImmediate(r)); }
      process.stderr.write("failures=" + out.transportFailures + "\\n");
    `;
    const p = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    p.stderr.on("data", (d) => (err += d));
    p.stdout.once("data", () => p.stdout.destroy()); // the reader goes away, like `| head -c1`
    const code = await new Promise<number | null>((resolve) => p.on("close", resolve));
    expect(err).not.toContain("EPIPE");
    expect(code).toBe(0);
    expect(Number(/failures=(\d+)/.exec(err)?.[1])).toBeGreaterThan(0);
  });

  it("a report larger than the pipe is written whole to a slow stderr reader", () => {
    const script = `import { stderrSink } from ${JSON.stringify(runtime)}; process.stderr; stderrSink.write("r".repeat(200000) + "\\n"); process.exit(0);`;
    // The reader starts half a second late, so the 64 KiB pipe fills first.
    const r = spawnSync("sh", ["-c", `${JSON.stringify(process.execPath)} --input-type=module -e '${script}' 2>&1 >/dev/null | (sleep 0.5; wc -c)`], {
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(r.stdout.trim()).toBe("200001");
  });

  it("a gauge named like a histogram's _count series gets a name of its own", () => {
    const arrays = set(
      long("latCount", [["k", "long"]], [[[1n], 5n]]),
      stats("lat", [["k", "long"]], { kind: "log2" }, [[[1n], [3n]]], ["count", "sum"]),
    );
    const text = renderMetrics("m", arrays);
    const families = [...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]);
    expect(families).toEqual(["probegen_m_lat_count", "probegen_m_lat_2"]);
    // Every sample belongs to exactly one family: the gauge's name is no histogram's series.
    const samples = text.split("\n").filter((l) => l !== "" && !l.startsWith("#")).map((l) => l.split(/[{ ]/)[0]!);
    expect(samples.filter((n) => n === "probegen_m_lat_count")).toHaveLength(1);
    expect(samples.filter((n) => n.startsWith("probegen_m_lat_2_"))).toHaveLength(6);
  });
});
