import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import {
  bucketUpperBound,
  escapeLabelValue,
  labelNames,
  metricFamilyName,
  renderMetrics,
  type BucketRanges,
} from "../../runtime-core/io/prometheus.js";
import { long, set, stats, strings } from "./fakes.js";
import { requireTool } from "./tools.js";

const linear = { kind: "linear", start: 0n, interval: 10n, buckets: 3 } as const;

describe("Prometheus exposition", () => {
  it("names families probegen_<module>_<array> in snake_case and keys as labels", () => {
    expect(metricFamilyName("webServer", "routeLatency")).toBe("probegen_web_server_route_latency");
    expect(metricFamilyName("my-mod", "HTTPCodes")).toBe("probegen_my_mod_http_codes");
    expect(labelNames([{ name: "le" }, { name: "1st" }, { name: "__x" }, { name: "pid" }, { name: "Pid" }], ["le"])).toEqual([
      "key_le",
      "k_1st",
      "k__x",
      "pid",
      "pid_2",
    ]);
  });

  it("escapes label values as the format requires", () => {
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
  });

  it("gives the inclusive upper bound of each integer bucket", () => {
    const log2 = { kind: "log2" } as const;
    expect([62, 63, 64, 65, 66, 67].map((i) => bucketUpperBound(log2, i))).toEqual([-2n, -1n, 0n, 1n, 3n, 7n]);
    expect(bucketUpperBound(log2, 0)).toBe(-(2n ** 63n));
    expect(bucketUpperBound(log2, 127)).toBe(2n ** 63n - 1n);
    expect([0, 1, 2, 3, 4].map((i) => bucketUpperBound(linear, i))).toEqual([-1n, 9n, 19n, 29n, null]);
  });

  it("renders long arrays as gauges, stats as histograms or summaries, min/max as gauges, skips strings", () => {
    const arrays = set(
      long("hits", [["route", "string"], ["status", "long"]], [
        [["/a\"b", 200n], 3n],
        [["line\nbreak\\", 404n], -1n],
      ]),
      strings("names", [["pid", "long"]], [[[1n], "init"]]),
      stats("lat", [["le", "string"]], { kind: "log2" }, [[["x"], [0n, 1n, 2n, 3n, 5n]]]),
      stats("sizes", [["op", "string"]], linear, [[["w"], [-5n, 0n, 15n, 15n, 100n]]], ["count", "sum"]),
      stats("plain", [["cpu", "long"]], null, [[[0n], [4n, 6n]]], ["count", "sum", "max"]),
    );
    expect(renderMetrics("m", arrays)).toBe(
      [
        "# HELP probegen_m_hits probegen array 'hits'",
        "# TYPE probegen_m_hits gauge",
        'probegen_m_hits{route="/a\\"b",status="200"} 3',
        'probegen_m_hits{route="line\\nbreak\\\\",status="404"} -1',
        "# HELP probegen_m_lat probegen histogram array 'lat'",
        "# TYPE probegen_m_lat histogram",
        'probegen_m_lat_bucket{key_le="x",le="0"} 1',
        'probegen_m_lat_bucket{key_le="x",le="1"} 2',
        'probegen_m_lat_bucket{key_le="x",le="3"} 4',
        'probegen_m_lat_bucket{key_le="x",le="7"} 5',
        'probegen_m_lat_bucket{key_le="x",le="+Inf"} 5',
        'probegen_m_lat_sum{key_le="x"} 11',
        'probegen_m_lat_count{key_le="x"} 5',
        "# HELP probegen_m_lat_min min of probegen stats array 'lat'",
        "# TYPE probegen_m_lat_min gauge",
        'probegen_m_lat_min{key_le="x"} 0',
        "# HELP probegen_m_lat_max max of probegen stats array 'lat'",
        "# TYPE probegen_m_lat_max gauge",
        'probegen_m_lat_max{key_le="x"} 5',
        "# HELP probegen_m_sizes probegen histogram array 'sizes'",
        "# TYPE probegen_m_sizes histogram",
        'probegen_m_sizes_bucket{op="w",le="-1"} 1',
        'probegen_m_sizes_bucket{op="w",le="9"} 2',
        'probegen_m_sizes_bucket{op="w",le="19"} 4',
        'probegen_m_sizes_bucket{op="w",le="29"} 4',
        'probegen_m_sizes_bucket{op="w",le="+Inf"} 5',
        'probegen_m_sizes_sum{op="w"} 125',
        'probegen_m_sizes_count{op="w"} 5',
        "# HELP probegen_m_plain probegen stats array 'plain'",
        "# TYPE probegen_m_plain summary",
        'probegen_m_plain_sum{cpu="0"} 10',
        'probegen_m_plain_count{cpu="0"} 2',
        "# HELP probegen_m_plain_max max of probegen stats array 'plain'",
        "# TYPE probegen_m_plain_max gauge",
        'probegen_m_plain_max{cpu="0"} 6',
        "",
      ].join("\n"),
    );
  });

  it("keeps histogram bucket sets stable across scrapes and across keys", () => {
    const ranges: BucketRanges = new Map();
    const lat = stats("lat", [["k", "string"]], { kind: "log2" }, [[["a"], [100n]]]);
    const first = renderMetrics("m", set(lat), ranges);
    expect(first).toContain('le="127"} 1');
    lat.rows = stats("lat", [["k", "string"]], { kind: "log2" }, [
      [["a"], [1n]],
      [["b"], [2n]],
    ]).rows;
    const second = renderMetrics("m", set(lat), ranges);
    const bounds = (text: string, key: string) =>
      [...text.matchAll(new RegExp(`k="${key}",le="([^"]+)"`, "g"))].map((m) => m[1]);
    expect(bounds(second, "a")).toEqual(["0", "1", "3", "7", "15", "31", "63", "127", "+Inf"]);
    expect(bounds(second, "b")).toEqual(bounds(second, "a"));
  });

  it("passes promtool check metrics", (ctx) => {
    const promtool = requireTool("promtool");
    if (promtool === null) return ctx.skip();
    const arrays = set(
      long("hitsPerRoute", [["route", "string"], ["status", "long"]], [
        [['we"ird\\ \n ✓', 200n], 3n],
        [["/", -7n], 9007199254740993n],
      ]),
      strings("names", [["pid", "long"]], [[[1n], "x"]]),
      stats("latency", [["route", "string"], ["le", "long"]], { kind: "log2" }, [
        [["/a", 1n], [-3n, 0n, 7n, 1000n]],
        [["/b", 2n], [5n]],
      ]),
      stats("sizes", [["op", "string"]], linear, [[["w"], [-5n, 0n, 15n, 100n]]], ["count"]),
      stats("plain", [["quantile", "long"]], null, [[[0n], [4n, 6n]]]),
      long("empty", [["k", "long"]], []),
    );
    const text = renderMetrics("lint_check", arrays);
    const r = spawnSync(promtool, ["check", "metrics"], { input: text, encoding: "utf8" });
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
});
