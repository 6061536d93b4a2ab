/**
 * The pull transport: a read-only HTTP endpoint serving a module's arrays (the procfs role).
 *
 * Routes (GET or HEAD only):
 * - `/arrays`                      names of the arrays, one per line (`?format=json`: `{"arrays":[...]}`)
 * - `/arrays/NAME`                 the whole-array text form (`?format=text` alike)
 * - `/arrays/NAME?format=json`     the array's JSON line (`application/x-ndjson`)
 * - `/metrics`                     long and stats arrays in the Prometheus text format (see prometheus.ts)
 *
 * Guarantees:
 * - Bound to 127.0.0.1 unless a host is given. Read-only: other methods get 405 with `Allow`;
 *   unknown paths and arrays 404; an unknown query parameter or format 400; a request with a
 *   body 413; a request target over 2048 bytes 414; headers over 8 KiB 431; anything Node's
 *   HTTP parser cannot read 400 (connection closed). Slow clients are cut off by timeouts.
 * - It serves whatever `arrays()` returns at the time of the request, rendered on the event
 *   loop between probe handlers, so a response is a consistent snapshot.
 * - Nothing it does throws into the probe; a response that could not be rendered or sent counts
 *   as a transport failure (and is answered 500 when possible).
 * - The server does not keep the process alive unless `ref: true`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ArraySet } from "../contract.js";
import { PROMETHEUS_CONTENT_TYPE, renderMetrics, type BucketRanges } from "./prometheus.js";

export interface PullServerOptions {
  arrays: () => ArraySet;
  /** The module name, used in metric names. */
  module: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (a free port; read it from `address`). */
  port?: number;
  /** Keep the process alive while the server listens; default false. */
  ref?: boolean;
}

export interface PullServer {
  readonly host: string;
  readonly port: number;
  /** `http://host:port` */
  readonly url: string;
  readonly failures: number;
  close(): Promise<void>;
}

const MAX_TARGET = 2048;
const TEXT = "text/plain; charset=utf-8";

interface Reply {
  status: number;
  type: string;
  body: string;
  headers?: Record<string, string>;
}

export async function startPullServer(options: PullServerOptions): Promise<PullServer> {
  const host = options.host ?? "127.0.0.1";
  const ranges: BucketRanges = new Map();
  let failures = 0;

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    let reply: Reply;
    try {
      reply = route(req, options, ranges);
    } catch (e) {
      failures++;
      reply = { status: 500, type: TEXT, body: `internal error: ${e instanceof Error ? e.message : String(e)}\n` };
    }
    try {
      const body = Buffer.from(reply.body, "utf8");
      res.writeHead(reply.status, {
        "Content-Type": reply.type,
        "Content-Length": body.length,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
        ...(reply.status >= 400 && reply.status !== 404 && reply.status !== 405 ? { Connection: "close" } : {}),
        ...reply.headers,
      });
      res.end(req.method === "HEAD" ? undefined : body);
    } catch {
      failures++;
      res.destroy();
    }
    // A request body is never read: drop it rather than let it queue up.
    req.resume();
  };

  const server: Server = createServer(
    { maxHeaderSize: 8192, requestTimeout: 10_000, headersTimeout: 5_000, keepAliveTimeout: 5_000 },
    handle,
  );
  server.on("clientError", (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const status = err.code === "HPE_HEADER_OVERFLOW" ? "431 Request Header Fields Too Large" : "400 Bad Request";
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });
  server.on("error", () => {
    failures++;
  });
  await new Promise<void>((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    server.once("error", onError);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", onError);
      resolve();
    });
  });
  if (options.ref !== true) {
    server.unref();
    // Accepted connections too: a scraper's keep-alive socket must not keep the host alive.
    server.on("connection", (socket) => socket.unref());
  }
  // Idle sockets (a client that connects and says nothing) are closed rather than kept.
  server.timeout = 15_000;
  const addr = server.address() as AddressInfo;
  const urlHost = addr.family === "IPv6" ? `[${addr.address}]` : addr.address;
  return {
    host: addr.address,
    port: addr.port,
    url: `http://${urlHost}:${addr.port}`,
    get failures() {
      return failures;
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function route(req: IncomingMessage, options: PullServerOptions, ranges: BucketRanges): Reply {
  const target = req.url ?? "";
  if (target.length > MAX_TARGET) return plain(414, "request target too long\n");
  if (req.method !== "GET" && req.method !== "HEAD") {
    return { ...plain(405, "read-only endpoint: GET or HEAD\n"), headers: { Allow: "GET, HEAD" } };
  }
  const length = req.headers["content-length"];
  if ((length !== undefined && length !== "0") || req.headers["transfer-encoding"] !== undefined) {
    return plain(413, "requests carry no body\n");
  }
  if (!target.startsWith("/")) return plain(400, "bad request target\n");
  const q = target.indexOf("?");
  const path = q < 0 ? target : target.slice(0, q);
  const params = new URLSearchParams(q < 0 ? "" : target.slice(q + 1));
  let format: "text" | "json" = "text";
  for (const [k, v] of params) {
    if (k !== "format") return plain(400, `unknown query parameter '${k}'\n`);
    if (v !== "text" && v !== "json") return plain(400, `unknown format '${v}': text or json\n`);
    format = v;
  }

  if (path === "/metrics") {
    if (params.size > 0) return plain(400, "/metrics takes no query parameters\n");
    return { status: 200, type: PROMETHEUS_CONTENT_TYPE, body: renderMetrics(options.module, options.arrays(), ranges) };
  }
  if (path === "/arrays" || path === "/arrays/") {
    const names = Object.keys(options.arrays());
    return format === "json"
      ? { status: 200, type: "application/json", body: `${JSON.stringify({ arrays: names })}\n` }
      : { status: 200, type: TEXT, body: names.map((n) => `${n}\n`).join("") };
  }
  if (path.startsWith("/arrays/")) {
    let name: string;
    try {
      name = decodeURIComponent(path.slice("/arrays/".length));
    } catch {
      return plain(400, "bad percent-encoding in array name\n");
    }
    const set = options.arrays();
    const array = Object.hasOwn(set, name) ? set[name] : undefined;
    if (array === undefined) return plain(404, `no array '${name}'\n`);
    return format === "json"
      ? { status: 200, type: "application/x-ndjson", body: `${array.toJSONLine()}\n` }
      : { status: 200, type: TEXT, body: array.printText() };
  }
  return plain(404, "not found: /arrays, /arrays/NAME, /metrics\n");
}

function plain(status: number, body: string): Reply {
  return { status, type: TEXT, body };
}
