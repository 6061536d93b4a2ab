/**
 * Runs random operation sequences on a generated class and on the reference model side by
 * side: same return values, same errors, same size after every step, same entries (in every
 * view) and counters at the end of every sequence.
 */
import fc from "fast-check";
import { expect } from "vitest";
import type { KeyKind, Policy } from "../../generator/model/model.js";
import { loadGenerated } from "../helpers/generate.js";
import { moduleModel } from "../helpers/models.js";
import { RefArray, RefInvalidLong, RefOverflow, type Exact, type Field, type RefConfig } from "./reference.js";

/** Longs chosen to collide, to cross word boundaries and to reach the int64 extremes. */
const LONGS: readonly Field[] = [
  0, 1, -1, 2, 3, 5, -0, 4294967295, 4294967296, -4294967296, 2 ** 53 - 1, -(2 ** 53 - 1), 5n, -1n,
  2n ** 53n, 2n ** 63n - 1n, -(2n ** 63n), 0x7f0000001000,
];
const INVALID_LONGS: readonly unknown[] = [1.5, Number.NaN, 2n ** 63n, -(2n ** 63n) - 1n, 2 ** 53];
/** Characters of every UTF-8 width, a NUL (ends a string) and characters the text form escapes. */
const CHARS = ["a", "b", "é", "日", "～", "😀", "\ud800", "\udc00", "\0", '"', "\n", "\\"];

/** Mostly a small pool (keys must repeat for updates, LRU uses and evictions to matter), some random. */
const STRINGS = ["", "a", "b", "é", "日本", "～", "😀", "ab\0c", "aaaaaa", "aaaaab"];
const stringArb = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...STRINGS) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...CHARS), { maxLength: 5 }).map((a) => a.join("")) },
);
const longArb = fc.oneof({ weight: 20, arbitrary: fc.constantFrom(...LONGS) }, { weight: 1, arbitrary: fc.constantFrom(...INVALID_LONGS) });

type Op =
  | { op: "set" | "add"; key: Field[]; value: unknown }
  | { op: "get" | "getBig" | "has" | "delete"; key: Field[] }
  | { op: "clear" | "size" }
  | { op: "view"; by: string | null; desc: boolean; limit: number | undefined };

function opArb(keys: readonly KeyKind[], value: "long" | "string"): fc.Arbitrary<Op> {
  const key = fc.tuple(...keys.map((k) => (k === "long" ? longArb : stringArb))) as fc.Arbitrary<Field[]>;
  const val = value === "long" ? longArb : stringArb;
  const sortFields = [null, "value", ...keys.map((_, i) => `key${i + 1}`)];
  const reads = value === "long" ? (["get", "getBig", "has", "delete"] as const) : (["get", "has", "delete"] as const);
  return fc.oneof(
    { weight: 6, arbitrary: fc.record({ op: fc.constantFrom("set" as const, "add" as const), key, value: val }) },
    { weight: 4, arbitrary: fc.record({ op: fc.constantFrom(...reads), key }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constantFrom("clear" as const, "size" as const) }) },
    {
      weight: 1,
      arbitrary: fc.record({
        op: fc.constant("view" as const),
        by: fc.constantFrom(...sortFields),
        desc: fc.boolean(),
        limit: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
      }),
    },
  );
}

type Outcome = { ok: unknown } | { error: string };

function run(f: () => unknown): Outcome {
  try {
    return { ok: f() };
  } catch (e) {
    const err = e as Error;
    if (err instanceof RefInvalidLong || err.name === "InvalidLongError") return { error: "invalid long" };
    if (err instanceof RefOverflow) return { error: `overflow ${err.limit}` };
    if (err.name === "ArrayOverflowError") return { error: `overflow ${/\((\d+)\)$/.exec(err.message)![1]}` };
    throw e;
  }
}

/** The generated class's exact view of one entry, for comparison with the model's. */
function exactOf(v: unknown): Exact {
  return v as Exact;
}

export interface DifferentialCase {
  readonly keys: readonly KeyKind[];
  readonly value: "long" | "string";
  readonly onFull: Policy;
  readonly maxEntries?: number;
  readonly maxStringLength?: number;
  readonly growLimit?: number | null;
  /** Operations per sequence (default 60). */
  readonly maxOps?: number;
}

// Loosely typed on purpose: the generated class's methods are reached by name, as the model's.
type Generated = Record<string, (...args: unknown[]) => unknown> & { size: number };

export async function checkAgainstModel(c: DifferentialCase, runs = 150): Promise<void> {
  const keyNames = Object.fromEntries(c.keys.map((k, i) => [`f${i + 1}`, k]));
  const config: RefConfig = {
    keys: c.keys,
    value: c.value,
    maxEntries: c.maxEntries ?? 4,
    maxStringLength: c.maxStringLength ?? 5,
    onFull: c.onFull,
    growLimit: c.onFull === "grow" ? (c.growLimit === undefined ? 10 : c.growLimit) : null,
  };
  const model = moduleModel("diff", [
    {
      name: "arr",
      keys: keyNames,
      value: c.value,
      maxEntries: config.maxEntries,
      maxStringLength: config.maxStringLength,
      onFull: c.onFull,
      growLimit: config.growLimit,
    },
  ]);
  const mod = await loadGenerated(model, `diff-${c.keys.join("")}-${c.value}-${c.onFull}-${config.maxEntries}`);
  const create = mod.createArrays as () => { arr: Generated };

  fc.assert(
    fc.property(fc.array(opArb(c.keys, c.value), { maxLength: c.maxOps ?? 60 }), (ops) => {
      const gen = create().arr;
      const ref = new RefArray(config);
      for (const o of ops) {
        let got: Outcome;
        let want: Outcome;
        switch (o.op) {
          case "set":
          case "add":
            got = run(() => gen[o.op]!(...o.key, o.value));
            want = run(() => ref[o.op](o.key, o.value));
            break;
          case "get":
            got = run(() => gen.get!(...o.key));
            want = run(() => {
              const v = ref.get(o.key);
              return typeof v === "bigint" ? Number(v) : v;
            });
            break;
          case "getBig":
            got = run(() => gen.getBig!(...o.key));
            want = run(() => ref.get(o.key));
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
          case "size":
            got = { ok: gen.size };
            want = { ok: ref.entries.size };
            break;
          case "view": {
            const view = o.by === null ? (o.limit === undefined ? undefined : { limit: o.limit }) : { sort: { by: o.by, order: o.desc ? "desc" : "asc" }, limit: o.limit };
            got = run(() => (gen.entries!(view) as { key: Exact[]; value: unknown }[]).map((e) => ({ key: e.key, value: exactOf(e.value) })));
            want = run(() => ref.view(o.by, o.desc, o.limit).map((e) => ({ key: e.key, value: e.value })));
            break;
          }
        }
        expect(got, JSON.stringify(o, (_, v) => (typeof v === "bigint" ? `${v}n` : v))).toEqual(want);
        expect(gen.size).toBe(ref.entries.size);
      }
      const all = (gen.entries!() as { key: Exact[]; value: unknown }[]).map((e) => ({ key: e.key, value: e.value }));
      expect(all).toEqual(ref.view(null, false, undefined).map((e) => ({ key: e.key, value: e.value })));
      expect(gen.counters!()).toEqual({ size: ref.entries.size, capacity: ref.capacity, dropped: ref.dropped, evicted: ref.evicted });
    }),
    { numRuns: runs },
  );
}

export const POLICIES: readonly Policy[] = ["fail", "wrap", "drop", "lru", "grow"];
