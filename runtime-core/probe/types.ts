/**
 * The types a probe author writes against: probe points as the keys of one object, each key
 * giving its handler's exact parameters, and the module object `defineProbeModule` returns.
 *
 * Guarantees (checked by `tsc`, not at run time): a key that is not a probe point is a type
 * error at that key; `ctx.arrays` has the generated module's array types; a known Node channel
 * hands its documented message type; `module.probe(name).fire(...)` takes exactly the
 * parameters the `user:name` handler declared, and only declared names.
 */
import type { ClientRequest, IncomingMessage, Server, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { PerformanceEntry } from "node:perf_hooks";
import type { ArrayFactory, ArraySet, Output, PrintfArg } from "../contract.js";
import type { TransportSpec } from "../io/output.js";
import type { Clock, Uptime } from "../time.js";

/** What every handler receives first: one object per probe point, made once at start. */
export interface ProbeContext<A extends ArraySet> {
  /** The module's arrays, typed as the generated module declares them. */
  readonly arrays: A;
  /** The probe point as written (`"timer.ms(100)"`, `"channel:http.server.request.start"`). */
  readonly probe: string;
  /** Into the print buffer, flushed when the handler returns. */
  print(text: string): void;
  println(text: string): void;
  printf(format: string, ...args: readonly PrintfArg[]): void;
  /** `WARNING: ...` on stderr. */
  warn(message: string): void;
  /** Time since the module started, on the module's clock. */
  readonly uptime: Uptime;
  /** The module's clock, for the time functions (`gettimeofdayMs(ctx.clock)`). */
  readonly clock: Clock;
  /** Stops the module once this handler returns (SystemTap's `exit()`); end handlers then run. */
  exit(): void;
}

/**
 * Messages of the channels Node.js publishes (Node 20), by channel name. Other names hand
 * `unknown`. An interface so that a project can add its own channels by declaration merging.
 */
export interface ChannelMessages {
  "http.server.request.start": HttpServerMessage;
  "http.server.response.finish": HttpServerMessage;
  "http.client.request.start": { readonly request: ClientRequest };
  "http.client.response.finish": { readonly request: ClientRequest; readonly response: IncomingMessage };
  "net.client.socket": { readonly socket: Socket };
  "net.server.socket": { readonly socket: Socket };
}

export interface HttpServerMessage {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  readonly socket: Socket;
  readonly server: Server;
}

/** PerformanceObserver entry types a `perf:` probe observes. */
export type PerfEntryType = "gc" | "function" | "http" | "http2" | "dns" | "net" | "mark" | "measure" | "resource";

/** Every probe point, as the key of `probes`. */
export type ProbePoint =
  | "begin"
  | "end"
  | `timer.ms(${number})`
  | `channel:${string}`
  | `perf:${PerfEntryType}`
  | `signal:${NodeJS.Signals}`
  | `user:${string}`;

type Handler<A extends ArraySet, Args extends unknown[] = []> = (ctx: ProbeContext<A>, ...args: Args) => void;

// Method syntax makes the parameters bivariant, so a handler that declares a narrower message
// (a known channel) or its own arguments (a user probe) still fits the general signature.
type OpenHandler<A extends ArraySet, Args extends unknown[]> = {
  handler(ctx: ProbeContext<A>, ...args: Args): void;
}["handler"];

type KnownChannelProbes<A extends ArraySet> = {
  readonly [C in keyof ChannelMessages as `channel:${C}`]?: Handler<A, [message: ChannelMessages[C], channel: C]>;
};

type PointProbes<A extends ArraySet> = {
  readonly [K in ProbePoint]?: K extends `channel:${string}`
    ? OpenHandler<A, [message: unknown, channel: string]>
    : K extends `perf:${string}`
      ? Handler<A, [entry: PerformanceEntry]>
      : K extends `signal:${string}`
        ? Handler<A, [signal: NodeJS.Signals]>
        : K extends `user:${string}`
          ? OpenHandler<A, unknown[]>
          : Handler<A>;
};

/** The `probes` object: probe point to handler. */
export type ProbeTable<A extends ArraySet> = KnownChannelProbes<A> & PointProbes<A>;

/** Marks keys that are not probe points with a readable type error. */
export type OnlyProbePoints<P> = {
  readonly [K in Exclude<keyof P, ProbePoint>]: "not a probe point: use begin, end, timer.ms(N), channel:NAME, perf:TYPE, signal:SIGNAME or user:NAME";
};

/** Names of the `user:` probes declared in P. */
export type UserProbeName<P> = { [K in keyof P]: K extends `user:${infer N}` ? N : never }[keyof P];

/** The arguments the `user:N` handler declared after `ctx`. */
export type UserProbeArgs<P, N extends string> = P[`user:${N}` & keyof P] extends (
  ctx: never,
  ...args: infer R
) => unknown
  ? R
  : never;

export interface ProbeOverloadOptions {
  /** Share of wall time handlers may take over an interval, 0 < share <= 1. Default 0.5. */
  readonly share?: number;
  /** The interval in milliseconds. Default 1000. */
  readonly intervalMs?: number;
}

export interface ProbeModuleOptions {
  /** Errors tolerated before the module stops; the one that exceeds it stops it. Default 0. */
  readonly maxErrors?: number;
  /** The overload guard (default 50% over 1 s); `false` turns it off. */
  readonly overload?: ProbeOverloadOptions | false;
  /**
   * Where output goes, made for the module (console by default; add `file`, `pull`, `stream`).
   * The module wires its name and arrays in.
   */
  readonly transports?: readonly TransportSpec[];
  /** Or an Output made elsewhere (not with `transports`). The module closes it on stop. */
  readonly output?: Output;
  /** The clock for uptime, time functions and the overload guard; a fake one makes tests exact. */
  readonly clock?: Clock;
}

export interface ProbeModuleDefinition<A extends ArraySet, P extends ProbeTable<A>> {
  /** The generated module's factory (`import { arrays } from "./generated/netstat/index.js"`). */
  readonly arrays: ArrayFactory<A>;
  readonly probes: P & OnlyProbePoints<P>;
  readonly options?: ProbeModuleOptions;
}

export type ProbeModuleState = "defined" | "starting" | "running" | "stopping" | "stopped";

/** Why a module stopped; the end report says it. */
export type ProbeStopReason =
  | { readonly kind: "stop" }
  | { readonly kind: "exit"; readonly probe: string }
  | { readonly kind: "errors"; readonly errors: number; readonly maxErrors: number }
  | { readonly kind: "overload"; readonly message: string }
  | { readonly kind: "process-exit"; readonly code: number }
  /** The output could not start (a pull endpoint that cannot listen); nothing ran. */
  | { readonly kind: "start-failed"; readonly message: string };

export interface UserProbe<Args extends unknown[]> {
  /** Runs the handler now, synchronously; skipped (and counted) unless the module is running. */
  fire(...args: Args): void;
}

export interface ProbeModule<A extends ArraySet, P> {
  /** The generated module's name. */
  readonly name: string;
  readonly state: ProbeModuleState;
  /** The arrays, from `start()` on (also after stop, for reading). */
  readonly arrays: A;
  /** Handler errors so far. */
  readonly errors: number;
  /** Handler runs skipped so far (module not running, or a probe fired from inside a handler). */
  readonly skipped: number;
  /** Settles when the module has stopped, for whatever reason. */
  readonly stopped: Promise<ProbeStopReason>;
  /**
   * Creates the arrays and the output, waits for the output to be ready, runs `begin`, then
   * attaches the other probes. Once only. Rejects if the output cannot start.
   */
  start(): Promise<void>;
  /** Unregisters every probe, runs `end`, writes the end report, closes the output. */
  stop(): Promise<ProbeStopReason>;
  /** A user probe declared as `user:NAME`; keep the returned object for the hot path. */
  probe<N extends UserProbeName<P>>(name: N): UserProbe<UserProbeArgs<P, N>>;
}
