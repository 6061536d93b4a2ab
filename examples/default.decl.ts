// The default declaration: what a probe on a Node.js service typically keeps.
// Generate with: npx probegen generate examples/default.decl.ts --out generated/default
import { defineArrays } from "probegen";

export default defineArrays({
  module: "netstat",
  defaults: { maxEntries: 2048, maxStringLength: 128, onFull: "fail" },
  arrays: {
    // Process names by pid.
    execname: { keys: { pid: "long" }, value: "string" },
    // Events counted per pid (bpftrace's @[pid] = count()).
    events: { keys: { pid: "long" }, value: "long", maxEntries: 65_536, onFull: "drop" },
    // Bytes read per (pid, file); the oldest entry makes room when full.
    bytes: { keys: { pid: "long", file: "string" }, value: "long", maxEntries: 10_000, onFull: "wrap" },
    // Request latency in microseconds per (route, status), with a linear histogram.
    latency: {
      keys: { route: "string", status: "long" },
      value: { stats: { hist: { linear: { start: 0, stop: 1000, interval: 50 } } } },
      onFull: "lru",
      display: true,
    },
    // Read sizes per fd: count and sum with a log2 histogram.
    sizes: { keys: { fd: "long" }, value: { stats: { hist: "log2", aggregates: ["count", "sum"] } } },
    // Errors per (service, code); grows from 256 up to 4096 entries.
    errors: { keys: { service: "string", code: "long" }, value: "long", maxEntries: 256, onFull: "grow", growLimit: 4096 },
  },
});
