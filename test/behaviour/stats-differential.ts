/**
 * Stats arrays against the reference model: random samples (int64 extremes included), every
 * available aggregate read back exactly, histograms bucket by bucket, sorted views by every
 * aggregate, when-full policies and LRU uses (reading one aggregate or printing a histogram is a
 * use; `has` and views are not).
 */
import fc from "fast-check";
import { expect } from "vitest";
import { AGGREGATES, type Aggregate, type HistModel, type KeyKind, type Policy } from "../../generator/model/model.js";
import { loadGenerated } from "../helpers/generate.js";
import { moduleModel } from "../helpers/models.js";
import { RefArray, RefInvalidLong, RefOverflow, refBucket, type Entry, type Field, type RefHist, type RefStats } from "./reference.js";

const KEY_LONGS: readonly Field[] = [0, 1, -1, 7, 2n ** 63n - 1n, -(2n ** 63n)];
const KEY_STRINGS = ["", "a", "é", "日本", "😀x"];
const sampleArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -1000, max: 1000 }) },
  { weight: 2, arbitrary: fc.constantFrom<unknown>(0, -0, 1, -1, 2 ** 53 - 1, -(2 ** 53 - 1), 2n ** 63n - 1n, -(2n ** 63n), 2n ** 62n) },
  { weight: 2, arbitrary: fc.bigInt(-(2n ** 63n), 2n ** 63n - 1n) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(0.5, Number.NaN, 2n ** 63n) },
);

export interface StatsCase {
  readonly keys: readonly KeyKind[];
  readonly aggregates: readonly Aggregate[];
  readonly hist: HistModel | null;
  readonly onFull: Policy;
}

type Outcome = { ok: unknown } | { error: string };
function run(f: () => unknown): Outcome {
  try {
    return { ok: f() };
  } catch (e) {
    const err = e as Error;
    if (err instanceof RefInvalidLong || err.name === "InvalidLongError") return { error: "invalid long" };
    if (err instanceof RefOverflow || err.name === "ArrayOverflowError") return { error: "overflow" };
    if (err.message === "empty aggregate") return { error: "empty aggregate" };
    throw e;
  }
}

type Generated = Record<string, (...args: unknown[]) => unknown> & { size: number };

export async function checkStatsAgainstModel(c: StatsCase, runs = 120): Promise<void> {
  const implied = new Set<Aggregate>(c.aggregates);
  if (implied.has("avg")) implied.add("count").add("sum");
  if (implied.has("variance")) implied.add("count");
  const available = AGGREGATES.filter((a) => implied.has(a));
  const hist: RefHist | null =
    c.hist === null ? null : c.hist.kind === "log2" ? { kind: "log2" } : { kind: "linear", start: c.hist.start, interval: c.hist.interval, buckets: c.hist.buckets };
  const model = moduleModel("stats", [
    {
      name: "arr",
      keys: Object.fromEntries(c.keys.map((k, i) => [`f${i + 1}`, k])),
      value: { stats: { aggregates: [...c.aggregates], hist: c.hist } },
      maxEntries: 3,
      onFull: c.onFull,
      growLimit: c.onFull === "grow" ? 6 : null,
    },
  ]);
  const mod = await loadGenerated(model, `stats-${c.keys.join("")}-${c.onFull}`);
  const create = mod.createArrays as () => { arr: Generated };
  const key = fc.tuple(...c.keys.map((k) => fc.constantFrom<Field>(...(k === "long" ? KEY_LONGS : KEY_STRINGS))));
  // Only the aggregates the array has: the generated class has no method for the others.
  const readable = available;
  if (readable.length === 0) throw new Error("stats differential needs at least one aggregate");
  const op = fc.oneof(
    { weight: 8, arbitrary: fc.record({ op: fc.constant("add" as const), key, sample: sampleArb }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant("stat" as const), key, fn: fc.constantFrom<Aggregate>(...readable) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constantFrom("has" as const, "delete" as const, "hist" as const), key }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant("clear" as const) }) },
    {
      weight: 1,
      arbitrary: fc.record({
        op: fc.constant("view" as const),
        by: fc.constantFrom<string | null>(null, ...available, ...c.keys.map((_, i) => `key${i + 1}`)),
        desc: fc.boolean(),
        limit: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
      }),
    },
  );
  const snapshot = (s: RefStats): Record<string, unknown> => {
    const out: Record<string, unknown> = { count: s.count };
    for (const a of available) if (a !== "count") out[a] = s[a];
    if (hist !== null) {
      const counts = new Array<number>(hist.kind === "log2" ? 128 : hist.buckets + 2).fill(0);
      for (const x of s.samples) counts[refBucket(hist, x)]!++;
      out.hist = counts;
    }
    return out;
  };
  const refView = (es: Entry[]): unknown[] => es.map((e) => ({ key: e.key, value: snapshot(e.value as RefStats) }));
  const method: Record<Aggregate, string> = {
    count: "count", sum: "sumBig", min: "minBig", max: "maxBig", avg: "avgBig", variance: "varianceBig",
  };

  fc.assert(
    fc.property(fc.array(op, { maxLength: 50 }), (ops) => {
      const gen = create().arr;
      const ref = new RefArray({ keys: c.keys, value: "stats", maxEntries: 3, maxStringLength: 128, onFull: c.onFull, growLimit: c.onFull === "grow" ? 6 : null });
      for (const o of ops) {
        let got: Outcome;
        let want: Outcome;
        switch (o.op) {
          case "add":
            got = run(() => gen.add!(...o.key, o.sample));
            want = run(() => ref.add(o.key, o.sample));
            break;
          case "stat":
            got = run(() => {
              const v = gen[method[o.fn]]!(...o.key);
              return typeof v === "number" ? BigInt(v) : v;
            });
            want = run(() => {
              const s = ref.stats(o.key);
              if (s === null) {
                if (o.fn === "count" || o.fn === "sum") return 0n;
                throw new Error("empty aggregate");
              }
              return s[o.fn];
            });
            break;
          case "hist":
            if (hist === null) continue;
            got = run(() => typeof gen.hist!(...o.key));
            want = run(() => {
              if (ref.stats(o.key) === null) throw new Error("empty aggregate");
              return "string";
            });
            break;
          case "has":
            got = run(() => gen.has!(...o.key));
            want = run(() => ref.has(o.key));
            break;
          case "delete":
            got = run(() => gen.delete!(...o.key));
            want = run(() => ref.delete(o.key));
            break;
          case "clear":
            got = run(() => gen.clear!());
            want = run(() => ref.clear());
            break;
          case "view": {
            const view = o.by === null ? { limit: o.limit } : { sort: { by: o.by, order: o.desc ? "desc" : "asc" }, limit: o.limit };
            got = run(() => gen.entries!(view));
            want = run(() => refView(ref.view(o.by, o.desc, o.limit)));
            break;
          }
        }
        expect(got, JSON.stringify(o, (_, v) => (typeof v === "bigint" ? `${v}n` : v))).toEqual(want);
        expect(gen.size).toBe(ref.entries.size);
      }
      expect(gen.entries!()).toEqual(refView(ref.view(null, false, undefined)));
      expect(gen.counters!()).toEqual({ size: ref.entries.size, capacity: ref.capacity, dropped: ref.dropped, evicted: ref.evicted });
    }),
    { numRuns: runs },
  );
}
