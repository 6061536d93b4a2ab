/**
 * `defineProbeModule`: the lifecycle of a probe module (SystemTap's module init/exit, in a
 * Node.js process that the module observes and must never disturb).
 *
 * Guarantees:
 * - `start()` creates the arrays (`factory.create()`, once) and the output, waits until the
 *   output is ready (a pull endpoint listening), runs the `begin` handlers, then attaches every
 *   other probe point; `stop()` detaches them, runs the `end` handlers, flushes, lets the
 *   output deliver what it holds (`drain()`, when it has one) so the records lost at the end
 *   are in the report, writes the end report synchronously and closes the output. A module
 *   runs once.
 * - Handlers run synchronously, one at a time: a probe that fires while a handler runs (a
 *   channel published from inside a handler, a user probe fired by one) is skipped and
 *   counted, as is any probe fired while the module is not running.
 * - A handler that throws, or returns a promise that rejects, never reaches the host: the error
 *   is counted and written as `ERROR: <message> in probe <name>`; the error that makes the count
 *   exceed `maxErrors` stops the module. The print buffer is flushed after every handler.
 * - The overload guard stops the module, with a warning naming the cost, when handlers take
 *   more than `share` of wall time over `intervalMs`.
 * - Stopping never stops the host program: no process.exit, nothing thrown at the event
 *   source. A stop requested from inside a handler (error, overload, `ctx.exit()`) detaches
 *   at once and finishes (end handlers, report) on a later turn, outside the host's call stack.
 * - A process 'exit' while the module runs or stops (process.exit, end of the event loop) runs
 *   the synchronous part of the stop: end handlers and the report still come out, and the
 *   records the output can no longer deliver are counted in it (`abandon()`, when it has one).
 */
import type { ArrayFactory, ArraySet, Output } from "../contract.js";
import { createOutput, type TransportSpec } from "../io/output.js";
import { realClock, startUptime, type Clock, type Uptime } from "../time.js";
import { OverloadGuard, overloadMessage, type OverloadTrip } from "./overload.js";
import { attachPoint, parseProbePoint, ProbeDefinitionError, type Detach, type PointSpec } from "./points.js";
import { formatReport, messageOf, transportFailures } from "./report.js";
import type {
  ProbeContext,
  ProbeModule,
  ProbeModuleDefinition,
  ProbeModuleState,
  ProbeStopReason,
  ProbeTable,
  UserProbe,
  UserProbeArgs,
  UserProbeName,
} from "./types.js";

/**
 * Defines a probe module over a generated module's arrays:
 *
 *     const m = defineProbeModule({
 *       arrays,                                   // from "./generated/netstat/index.js"
 *       probes: {
 *         "channel:http.server.request.start": (ctx, { request }) => ctx.arrays.hits.add(request.url ?? "", 1),
 *         "timer.ms(1000)": (ctx) => ctx.print(ctx.arrays.hits.printText()),
 *       },
 *     });
 *     await m.start();
 *
 * Throws ProbeDefinitionError for a key that is not a probe point or a handler that is not a
 * function, and RangeError for invalid options.
 */
export function defineProbeModule<A extends ArraySet, const P extends ProbeTable<A>>(
  definition: ProbeModuleDefinition<A, P>,
): ProbeModule<A, P> {
  return new Module<A, P>(definition);
}

type RawHandler = (ctx: ProbeContext<ArraySet>, ...args: unknown[]) => unknown;

interface Probe {
  readonly index: number;
  readonly name: string;
  readonly spec: PointSpec;
  readonly handler: RawHandler;
  ctx: ProbeContext<ArraySet> | null;
}

class Module<A extends ArraySet, P extends ProbeTable<A>> implements ProbeModule<A, P> {
  readonly name: string;
  readonly stopped: Promise<ProbeStopReason>;

  private readonly factory: ArrayFactory<A>;
  private readonly probes: readonly Probe[];
  private readonly userProbes = new Map<string, UserProbe<unknown[]>>();
  private readonly maxErrors: number;
  private readonly guard: OverloadGuard | null;
  private readonly clock: Clock;
  /** Milliseconds for the overload guard: performance.now() unless a clock is given. */
  private readonly nowMs: () => number;
  private readonly givenOutput: Output | undefined;
  private readonly transports: readonly TransportSpec[] | undefined;

  private currentState: ProbeModuleState = "defined";
  private arraySet: A | null = null;
  private out: Output | null = null;
  private starting: Promise<void> | null = null;
  private detachers: Detach[] = [];
  private errorCount = 0;
  private skippedCount = 0;
  /** A handler is running: anything fired now is reentrant and skipped. */
  private active = false;
  private finished = false;
  /** The end handlers have run. */
  private ended = false;
  /** The end report is written (once, by the stop or by process 'exit'). */
  private reported = false;
  private reason: ProbeStopReason = { kind: "stop" };
  private resolveStopped: (reason: ProbeStopReason) => void = () => {};
  private readonly onProcessExit = (code: number): void => this.exitSync(code);

  constructor(definition: ProbeModuleDefinition<A, P>) {
    this.factory = definition.arrays;
    this.name = definition.arrays.module;
    const options = definition.options ?? {};
    this.maxErrors = options.maxErrors ?? 0;
    if (!Number.isSafeInteger(this.maxErrors) || this.maxErrors < 0) {
      throw new RangeError(`maxErrors must be a non-negative integer, got ${options.maxErrors}`);
    }
    if (options.output !== undefined && options.transports !== undefined) {
      throw new RangeError("give either options.output or options.transports, not both");
    }
    this.givenOutput = options.output;
    this.transports = options.transports;
    const clock = options.clock;
    this.clock = clock ?? realClock;
    this.nowMs = clock === undefined ? () => performance.now() : () => Number(clock.monotonicNs()) / 1e6;
    this.probes = Object.entries(definition.probes as Readonly<Record<string, unknown>>).map(([name, handler], index) => {
      const spec = parseProbePoint(name);
      if (typeof handler !== "function") throw new ProbeDefinitionError(`probe '${name}': the handler is not a function`);
      return { index, name, spec, handler: handler as RawHandler, ctx: null };
    });
    for (const probe of this.probes) {
      if (probe.spec.kind === "user") {
        this.userProbes.set(probe.spec.name, { fire: (...args: unknown[]) => this.fire(probe, args) });
      }
    }
    const overload = options.overload ?? {};
    this.guard =
      overload === false
        ? null
        : new OverloadGuard(
            this.probes.map((p) => p.name),
            overload.share ?? 0.5,
            overload.intervalMs ?? 1000,
          );
    this.stopped = new Promise((resolve) => {
      this.resolveStopped = resolve;
    });
  }

  get state(): ProbeModuleState {
    return this.currentState;
  }

  get arrays(): A {
    if (this.arraySet === null) throw new Error(`probe module ${this.name}: the arrays exist from start() on`);
    return this.arraySet;
  }

  get errors(): number {
    return this.errorCount;
  }

  get skipped(): number {
    return this.skippedCount;
  }

  probe<N extends UserProbeName<P>>(name: N): UserProbe<UserProbeArgs<P, N>> {
    const probe = this.userProbes.get(name);
    if (probe === undefined) throw new ProbeDefinitionError(`probe module ${this.name} has no probe 'user:${name}'`);
    return probe as UserProbe<unknown[]> as UserProbe<UserProbeArgs<P, N>>;
  }

  start(): Promise<void> {
    if (this.currentState !== "defined") {
      return Promise.reject(new Error(`probe module ${this.name} has already been started`));
    }
    this.currentState = "starting";
    const arrays = this.factory.create();
    this.arraySet = arrays;
    let output: Output;
    try {
      output = this.givenOutput ?? createOutput({ module: this.name, arrays: () => arrays, transports: this.transports });
    } catch (error) {
      this.startFailed(error);
      return Promise.reject(error);
    }
    this.out = output;
    this.starting = this.startWhenReady(arrays, output);
    return this.starting;
  }

  private async startWhenReady(arrays: A, output: Output): Promise<void> {
    const ready = (output as { readonly ready?: unknown }).ready;
    if (ready instanceof Promise) {
      try {
        await ready;
      } catch (error) {
        await output.close().catch(() => {});
        this.startFailed(error);
        throw error;
      }
    }
    const uptime = startUptime(this.clock);
    for (const probe of this.probes) probe.ctx = this.context(probe, arrays, output, uptime);
    this.currentState = "running";
    process.on("exit", this.onProcessExit);
    for (const probe of this.probes) if (probe.spec.kind === "begin") this.run(probe, undefined, undefined);
    if (this.currentState !== "running") return;
    try {
      for (const probe of this.probes) {
        const invoke = (a?: unknown, b?: unknown): void => this.invoke(probe, a, b);
        this.detachers.push(attachPoint(probe.spec, invoke));
      }
    } catch (error) {
      this.requestStop({ kind: "stop" });
      await this.finish();
      throw error;
    }
  }

  private startFailed(error: unknown): void {
    this.currentState = "stopped";
    this.finished = true;
    this.reason = { kind: "start-failed", message: messageOf(error) };
    this.resolveStopped(this.reason);
  }

  stop(): Promise<ProbeStopReason> {
    if (this.currentState === "defined") {
      this.currentState = "stopped";
      this.finished = true;
      this.resolveStopped(this.reason);
    }
    if (this.currentState === "starting") {
      return this.starting!.then(
        () => this.stop(),
        () => this.stopped,
      );
    }
    this.requestStop({ kind: "stop" });
    // Inside a handler, requestStop has scheduled the finish on a later turn.
    if (!this.finished && !this.active) void this.finish();
    return this.stopped;
  }

  private context(probe: Probe, arrays: A, output: Output, uptime: Uptime): ProbeContext<A> {
    return {
      arrays,
      probe: probe.name,
      uptime,
      clock: this.clock,
      print: (text) => output.print(text),
      println: (text) => output.println(text),
      printf: (format, ...args) => output.printf(format, ...args),
      warn: (message) => output.warn(message),
      exit: () => this.requestStop({ kind: "exit", probe: probe.name }),
    };
  }

  /** An event from an attached source. */
  private invoke(probe: Probe, a: unknown, b: unknown): void {
    if (this.currentState !== "running" || this.active) {
      this.skippedCount++;
      return;
    }
    this.run(probe, a, b);
  }

  private fire(probe: Probe, args: unknown[]): void {
    if (this.currentState !== "running" || this.active) {
      this.skippedCount++;
      return;
    }
    this.run(probe, undefined, undefined, args);
  }

  private run(probe: Probe, a: unknown, b: unknown, args?: unknown[]): void {
    const output = this.out!;
    const outer = this.active;
    this.active = true;
    // begin is setup, not steady-state overhead: the guard does not count it.
    const guard = probe.spec.kind === "begin" ? null : this.guard;
    const start = guard === null ? 0 : this.nowMs();
    try {
      const result = args === undefined ? probe.handler(probe.ctx!, a, b) : probe.handler(probe.ctx!, ...args);
      if (isThenable(result)) result.then(undefined, (error: unknown) => this.fail(probe, error));
    } catch (error) {
      this.fail(probe, error);
    }
    try {
      output.flush();
    } catch (error) {
      this.fail(probe, error);
    }
    this.active = outer;
    if (guard !== null && this.currentState === "running") {
      const trip = guard.account(probe.index, start, this.nowMs());
      if (trip !== null) this.overloaded(trip);
    }
  }

  private fail(probe: Probe, error: unknown): void {
    this.errorCount++;
    if (this.currentState === "stopped") return;
    try {
      this.out!.error(`${messageOf(error)} in probe ${probe.name}`);
    } catch {
      // The output is the one place errors go; if it fails there is nowhere left to say so.
    }
    if (this.errorCount > this.maxErrors) {
      this.requestStop({ kind: "errors", errors: this.errorCount, maxErrors: this.maxErrors });
    }
  }

  private overloaded(trip: OverloadTrip): void {
    const message = overloadMessage(trip);
    this.out!.warn(message);
    this.requestStop({ kind: "overload", message });
  }

  /** From running to stopping: detach now, finish on a later turn (outside any handler). */
  private requestStop(reason: ProbeStopReason): void {
    if (this.currentState !== "running") return;
    this.currentState = "stopping";
    this.reason = reason;
    const detachers = this.detachers;
    this.detachers = [];
    for (const detach of detachers) detach();
    setImmediate(() => void this.finish()).unref();
  }

  private async finish(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    this.endSync();
    const output = this.out!;
    try {
      // The report counts what the transports lose at the end, so it waits for them.
      await output.drain?.();
    } catch {
      // Same as close below: the host must never see it.
    }
    this.reportSync();
    try {
      await output.close();
    } catch {
      // Closing is the last thing a module does; a transport that fails to close has nobody to
      // tell but stderr, and the host must never see the rejection.
    }
    this.resolveStopped(this.reason);
  }

  /** End handlers and the flush after them. */
  private endSync(): void {
    if (this.ended) return;
    this.ended = true;
    for (const probe of this.probes) if (probe.spec.kind === "end") this.run(probe, undefined, undefined);
    try {
      this.out!.flush();
    } catch {
      // Also runs inside process 'exit', where a throw would replace the host's exit code.
    }
  }

  /** The end report: the one part of the stop that must also happen inside process 'exit'. */
  private reportSync(): void {
    if (this.reported) return;
    this.reported = true;
    process.off("exit", this.onProcessExit);
    const output = this.out!;
    try {
      output.reportSync(
        formatReport({
          module: this.name,
          reason: this.reason,
          arrays: this.arraySet,
          errors: this.errorCount,
          skipped: this.skippedCount,
          transports: transportFailures(output),
        }),
      );
    } catch {
      // Also runs inside process 'exit', where a throw would replace the host's exit code.
    }
    this.currentState = "stopped";
  }

  /** process 'exit': no later turn will come, so the rest of the stop happens now. */
  private exitSync(code: number): void {
    this.requestStop({ kind: "process-exit", code });
    this.finished = true;
    this.endSync();
    const output = this.out!;
    try {
      output.abandon?.();
    } catch {
      // A throw here would replace the host's exit code.
    }
    this.reportSync();
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === "object" || typeof value === "function") &&
    typeof (value as { then?: unknown }).then === "function"
  );
}
