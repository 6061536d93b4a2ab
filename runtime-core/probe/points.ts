/**
 * Probe points: parsing a `probes` key and attaching it to its Node.js event source.
 *
 * Guarantees: an invalid key is refused when the module is defined, naming the key. Every
 * attachment returns a detach function that removes exactly what it added (channel
 * subscription, interval, PerformanceObserver, signal listener), so a stopped module leaves the
 * host program as it found it. Intervals are unref'ed: a module never keeps the process alive
 * on its own (channel subscriptions, observers and signal listeners do not either).
 * A signal listener replaces the signal's default action while the module runs (Node's rule
 * for any listener); detaching restores it.
 */
import diagnostics_channel from "node:diagnostics_channel";
import { constants } from "node:os";
import { PerformanceObserver, type PerformanceEntry } from "node:perf_hooks";
import type { PerfEntryType } from "./types.js";

export type PointSpec =
  | { readonly kind: "begin" }
  | { readonly kind: "end" }
  | { readonly kind: "timer"; readonly ms: number }
  | { readonly kind: "channel"; readonly channel: string }
  | { readonly kind: "perf"; readonly type: PerfEntryType }
  | { readonly kind: "signal"; readonly signal: NodeJS.Signals }
  | { readonly kind: "user"; readonly name: string };

/** A probe definition the module cannot run; thrown by `defineProbeModule`. */
export class ProbeDefinitionError extends Error {
  override name = "ProbeDefinitionError";
}

const PERF_TYPES: Readonly<Record<PerfEntryType, true>> = {
  gc: true,
  function: true,
  http: true,
  http2: true,
  dns: true,
  net: true,
  mark: true,
  measure: true,
  resource: true,
};

// Present since Node 16 but missing from @types/node 20.
function supportedEntryTypes(): readonly string[] {
  return (PerformanceObserver as unknown as { readonly supportedEntryTypes?: readonly string[] }).supportedEntryTypes ?? [];
}

const TIMER = /^timer\.ms\((.*)\)$/;

export function parseProbePoint(key: string): PointSpec {
  if (key === "begin" || key === "end") return { kind: key };
  const timer = TIMER.exec(key);
  if (timer) {
    const ms = Number(timer[1]);
    if (/^\d+$/.test(timer[1]!) && ms >= 1 && ms <= 2 ** 31 - 1) return { kind: "timer", ms };
    throw new ProbeDefinitionError(`probe '${key}': the period must be an integer from 1 to 2147483647 (ms)`);
  }
  const colon = key.indexOf(":");
  const prefix = colon < 0 ? "" : key.slice(0, colon);
  const name = key.slice(colon + 1);
  if (name !== "") {
    switch (prefix) {
      case "channel":
        return { kind: "channel", channel: name };
      case "perf":
        if (!Object.hasOwn(PERF_TYPES, name)) {
          throw new ProbeDefinitionError(`probe '${key}': unknown perf entry type '${name}'`);
        }
        if (!supportedEntryTypes().includes(name)) {
          throw new ProbeDefinitionError(`probe '${key}': not observable in this Node.js`);
        }
        return { kind: "perf", type: name as PerfEntryType };
      case "signal":
        if (Object.hasOwn(constants.signals, name)) return { kind: "signal", signal: name as NodeJS.Signals };
        throw new ProbeDefinitionError(`probe '${key}': unknown signal '${name}'`);
      case "user":
        return { kind: "user", name };
    }
  }
  throw new ProbeDefinitionError(
    `'${key}' is not a probe point: use begin, end, timer.ms(N), channel:NAME, perf:TYPE, signal:SIGNAME or user:NAME`,
  );
}

/** What an attached source calls per event; arguments as the handler receives them after ctx. */
export type Invoke = (a?: unknown, b?: unknown) => void;
export type Detach = () => void;

/** Attaches an event-sourced point (timer, channel, perf, signal); begin/end/user have no source. */
export function attachPoint(spec: PointSpec, invoke: Invoke): Detach {
  switch (spec.kind) {
    case "timer": {
      const timer = setInterval(() => invoke(), spec.ms);
      timer.unref();
      return () => clearInterval(timer);
    }
    case "channel": {
      const listener = (message: unknown): void => invoke(message, spec.channel);
      diagnostics_channel.subscribe(spec.channel, listener);
      return () => {
        diagnostics_channel.unsubscribe(spec.channel, listener);
      };
    }
    case "perf": {
      const observer = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) invoke(entry satisfies PerformanceEntry);
      });
      observer.observe({ type: spec.type });
      return () => observer.disconnect();
    }
    case "signal": {
      const listener = (signal: NodeJS.Signals): void => invoke(signal);
      process.on(spec.signal, listener);
      return () => {
        process.off(spec.signal, listener);
      };
    }
    case "begin":
    case "end":
    case "user":
      return () => {};
  }
}
