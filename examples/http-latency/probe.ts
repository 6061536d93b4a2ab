/**
 * A complete probe project: per-route latency of any node:http server in this process, read
 * from Node's diagnostics channels, with no change to the server's code.
 */
import type { ServerResponse } from "node:http";
import { defineProbeModule, type TransportSpec } from "probegen/runtime";
import { arrays } from "./generated/index.js";

export function httpLatencyProbe(transports?: readonly TransportSpec[]) {
  const started = new WeakMap<ServerResponse, bigint>();
  return defineProbeModule({
    arrays,
    probes: {
      "channel:http.server.request.start": (_ctx, { response }) => {
        started.set(response, process.hrtime.bigint());
      },
      "channel:http.server.response.finish": (ctx, { request, response }) => {
        const t0 = started.get(response);
        if (t0 === undefined) return;
        const route = new URL(request.url ?? "/", "http://localhost").pathname;
        ctx.arrays.latency.add(route, response.statusCode, (process.hrtime.bigint() - t0) / 1000n);
        ctx.arrays.requests.add(route, 1);
      },
    },
    options: { maxErrors: 10, ...(transports ? { transports } : {}) },
  });
}
