// Declaration of the http-latency probe project: per-route latency and the stacks that allocate.
import { defineArrays } from "probegen";

export default defineArrays({
  module: "httplat",
  arrays: {
    // Microseconds from request start to response finish, per (route, status).
    latency: {
      keys: { route: "string", status: "long" },
      value: { stats: { hist: "log2" } },
      maxEntries: 1024,
      onFull: "lru",
      display: true,
    },
    // Requests per route; routes beyond the budget are dropped (and counted), not grown.
    requests: { keys: { route: "string" }, value: "long", maxEntries: 256, onFull: "drop", display: true },
    // Calls into the handler, keyed by the stack that made them (bpftrace's @[ustack] = count()).
    callers: { keys: { stack: "long" }, value: "long", maxEntries: 512, onFull: "drop" },
  },
});
