/**
 * Benchmark harness: seeded key streams, monomorphic loop functions, and medians of
 * interleaved rounds. Ratios are what we report: each is taken against a baseline measured in
 * the same process, round by round, because these machines are noisy.
 */

/** xorshift64* on two 32-bit halves: deterministic keys on every machine. */
export class Rng {
  #hi: number;
  #lo: number;
  constructor(seed: number) {
    this.#hi = (seed ^ 0x9e3779b9) | 0;
    this.#lo = (Math.imul(seed, 0x85ebca6b) ^ 0x2545f491) | 0 || 1;
  }
  /** Uniform 32-bit unsigned. */
  u32(): number {
    let x = this.#lo ^ (this.#lo << 13);
    x ^= x >>> 17;
    x ^= x << 5;
    this.#lo = x | 0;
    this.#hi = (Math.imul(this.#hi, 1664525) + 1013904223) | 0;
    return ((x ^ this.#hi) >>> 0);
  }
  /** Uniform in [0, n). */
  below(n: number): number {
    return Math.floor((this.u32() / 4294967296) * n);
  }
  /** A random 53-bit non-negative integer. */
  u53(): number {
    return (this.u32() & 0x1fffff) * 4294967296 + this.u32();
  }
}

export type KeyPattern = "sequential" | "random64" | "address";

export function keySet(pattern: KeyPattern, n: number, seed = 1): Float64Array {
  const rng = new Rng(seed);
  const keys = new Float64Array(n);
  const seen = new Set<number>();
  for (let i = 0; i < n; i++) {
    if (pattern === "sequential") keys[i] = 1000 + i;
    else if (pattern === "address") keys[i] = 0x7f0000000000 + i * 4096;
    else {
      let k: number;
      do k = rng.u53() - 2 ** 52;
      while (seen.has(k));
      seen.add(k);
      keys[i] = k;
    }
  }
  return keys;
}

/** `count` indices drawn uniformly from [0, n). */
export function indexStream(n: number, count: number, seed = 2): Int32Array {
  const rng = new Rng(seed);
  const idx = new Int32Array(count);
  for (let i = 0; i < count; i++) idx[i] = rng.below(n);
  return idx;
}

/**
 * Compiles a loop body into its own function so each implementation gets its own type feedback
 * (a shared closure would see every table class and go polymorphic).
 */
export function loop<A extends unknown[]>(params: string[], body: string): (...args: A) => number {
  return new Function(...params, body) as (...args: A) => number;
}

export function timeNs(f: () => void): number {
  const t0 = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t0);
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export interface Series {
  readonly name: string;
  readonly ns: number[];
}

/**
 * Runs each contender `rounds` times, interleaved, returning ns/op per round. `ops` is the work
 * one call does. A warm-up call per contender precedes the measured rounds.
 */
export function compare(contenders: readonly { name: string; run: () => void }[], ops: number, rounds = 5): Series[] {
  for (const c of contenders) c.run();
  const series = contenders.map((c) => ({ name: c.name, ns: [] as number[] }));
  for (let r = 0; r < rounds; r++) {
    contenders.forEach((c, i) => series[i]!.ns.push(timeNs(c.run) / ops));
  }
  return series;
}

export function fmt(ns: readonly number[]): string {
  return `${median(ns).toFixed(1)} (${Math.min(...ns).toFixed(1)}–${Math.max(...ns).toFixed(1)})`;
}

/** Heap plus array buffers after a forced GC (run node with --expose-gc). */
export function heapBytes(): number {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) {
    g();
    g();
  }
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** GCs during `f` (0 is the target for steady state), via PerformanceObserver counts. */
export async function gcCount(f: () => void): Promise<number> {
  const { PerformanceObserver } = await import("node:perf_hooks");
  let n = 0;
  const obs = new PerformanceObserver((list) => {
    n += list.getEntries().length;
  });
  obs.observe({ entryTypes: ["gc"] });
  f();
  await new Promise((r) => setTimeout(r, 50));
  obs.disconnect();
  return n;
}
