/**
 * `npm run bench`: the workloads of the spec (W1, W3, W4, W5, W7) against what a user would
 * write instead, each ratio measured in the same process. Prints a Markdown report.
 */
import { arch, cpus } from "node:os";
import * as tables from "./generated/index.js";
import { Rng, compare, fmt, gcCount, heapBytes, indexStream, keySet, loop, median, type KeyPattern } from "./harness.js";
import { configureStackIds, log2Bucket, stackId } from "probegen/runtime";
import { benchOutput } from "./output.js";

const OPS = Number(process.env.BENCH_OPS ?? 2_000_000);
const out: string[] = [];
const say = (s: string): void => {
  out.push(s);
  process.stdout.write(s + "\n");
};

function ratio(base: readonly number[], ours: readonly number[]): string {
  return `${(median(base) / median(ours)).toFixed(2)}x`;
}

// ---- W1: count events per pid: long -> long, add(k, 1) ----
function w1(): void {
  say("\n## W1: count events per key (`long -> long`, `add(k, 1)`)\n");
  say("| keys | pattern | generated ns/op | Map ns/op | Float64Array floor ns/op | vs Map | vs floor | GCs (generated, steady) |");
  say("|---|---|---|---|---|---|---|---|");
  // Each table is allocated on its own (createArrays() would preallocate every bench array at once).
  const sizes: [string, number, () => tables.W1_1kMap | tables.W1_100kMap | tables.W1_1mMap][] = [
    ["1k", 1000, () => new tables.W1_1kMap()],
    ["100k", 100_000, () => new tables.W1_100kMap()],
    ["1M", 1_000_000, () => new tables.W1_1mMap()],
  ];
  for (const [label, n, make] of sizes) {
    for (const pattern of ["sequential", "random64", "address"] as KeyPattern[]) {
      const keys = keySet(pattern, n);
      const idx = indexStream(n, OPS);
      const table = make();
      const map = new Map<number, number>();
      const floor = new Float64Array(n);
      const gen = loop<[typeof table, Float64Array, Int32Array]>(["t", "keys", "idx"], "for (let i = 0; i < idx.length; i++) t.add(keys[idx[i]], 1); return 0;");
      const base = loop<[Map<number, number>, Float64Array, Int32Array]>(["m", "keys", "idx"], "for (let i = 0; i < idx.length; i++) { const k = keys[idx[i]]; m.set(k, (m.get(k) ?? 0) + 1); } return 0;");
      const fl = loop<[Float64Array, Int32Array]>(["f", "idx"], "let s = 0; for (let i = 0; i < idx.length; i++) s += f[idx[i]]; return s;");
      // Fill first so the measured loop is steady-state increments.
      for (let i = 0; i < n; i++) {
        table.add(keys[i]!, 1);
        map.set(keys[i]!, 1);
      }
      const [g, m, f] = compare(
        [
          { name: "generated", run: () => gen(table, keys, idx) },
          { name: "map", run: () => base(map, keys, idx) },
          { name: "floor", run: () => fl(floor, idx) },
        ],
        OPS,
      );
      say(`| ${label} | ${pattern} | ${fmt(g!.ns)} | ${fmt(m!.ns)} | ${fmt(f!.ns)} | ${ratio(m!.ns, g!.ns)} | ${(median(g!.ns) / median(f!.ns)).toFixed(2)}x floor | — |`);
    }
  }
}

// ---- W2: bytes per (pid, file): (long, string) -> long, add ----
function w2(): Promise<void> {
  return tupleWorkload(
    "W2: bytes per (pid, file) (`(long, string) -> long`, `add`)",
    (pids, files) => {
      const t = new tables.W2Map();
      const files_ = Array.from({ length: files }, (_, i) => `/var/log/app/file-${i}.log`);
      const flat = new Map<string, number>();
      const nested = new Map<number, Map<string, number>>();
      const gen = loop<[typeof t, Int32Array, Int32Array, string[]]>(["t", "p", "f", "files"], "for (let i = 0; i < p.length; i++) t.add(p[i], files[f[i]], 4096); return 0;");
      const tmpl = loop<[Map<string, number>, Int32Array, Int32Array, string[]]>(["m", "p", "f", "files"], "for (let i = 0; i < p.length; i++) { const k = `${p[i]}\\0${files[f[i]]}`; m.set(k, (m.get(k) ?? 0) + 4096); } return 0;");
      const nest = loop<[Map<number, Map<string, number>>, Int32Array, Int32Array, string[]]>(["m", "p", "f", "files"], "for (let i = 0; i < p.length; i++) { let inner = m.get(p[i]); if (inner === undefined) { inner = new Map(); m.set(p[i], inner); } const k = files[f[i]]; inner.set(k, (inner.get(k) ?? 0) + 4096); } return 0;");
      return {
        generated: (p, f) => gen(t, p, f, files_),
        template: (p, f) => tmpl(flat, p, f, files_),
        nested: (p, f) => nest(nested, p, f, files_),
      };
    },
  );
}

// ---- W6: mixed (long, long) -> long: 70% add, 20% get, 10% delete ----
function w6(): Promise<void> {
  return tupleWorkload(
    "W6: mixed 70% add / 20% get / 10% delete (`(long, long) -> long`)",
    () => {
      const t = new tables.W6Map();
      const flat = new Map<string, number>();
      const nested = new Map<number, Map<number, number>>();
      const body = (upd: string, read: string, del: string): string =>
        `let s = 0; for (let i = 0; i < p.length; i++) { const a = p[i], b = f[i] * 4096 + 0x7f0000000000, r = i % 10; if (r < 7) { ${upd} } else if (r < 9) { ${read} } else { ${del} } } return s;`;
      const gen = loop<[typeof t, Int32Array, Int32Array]>(["t", "p", "f"], body("t.add(a, b, 1);", "s += t.get(a, b);", "t.delete(a, b);"));
      const tmpl = loop<[Map<string, number>, Int32Array, Int32Array]>(
        ["m", "p", "f"],
        body("const k = `${a}\\0${b}`; m.set(k, (m.get(k) ?? 0) + 1);", "s += m.get(`${a}\\0${b}`) ?? 0;", "m.delete(`${a}\\0${b}`);"),
      );
      const nest = loop<[Map<number, Map<number, number>>, Int32Array, Int32Array]>(
        ["m", "p", "f"],
        body(
          "let inner = m.get(a); if (inner === undefined) { inner = new Map(); m.set(a, inner); } inner.set(b, (inner.get(b) ?? 0) + 1);",
          "s += m.get(a)?.get(b) ?? 0;",
          "const inner = m.get(a); if (inner !== undefined) { inner.delete(b); if (inner.size === 0) m.delete(a); }",
        ),
      );
      return { generated: (p, f) => gen(t, p, f), template: (p, f) => tmpl(flat, p, f), nested: (p, f) => nest(nested, p, f) };
    },
  );
}

type TupleRunner = (pids: Int32Array, files: Int32Array) => number;

/** Runs a two-field workload at a hot set (10 x 100) and at 1000 x 100 and 10000 x 100 keys. */
async function tupleWorkload(
  title: string,
  make: (pids: number, files: number) => { generated: TupleRunner; template: TupleRunner; nested: TupleRunner },
): Promise<void> {
  say(`\n## ${title}\n`);
  say("| keys | generated ns/op | template-string Map ns/op | nested Maps ns/op | vs template | vs nested | GCs in a generated round |");
  say("|---|---|---|---|---|---|---|");
  for (const pids of [10, 1000, 10_000]) {
    const files = 100;
    const rng = new Rng(pids);
    const p = new Int32Array(OPS);
    const f = new Int32Array(OPS);
    for (let i = 0; i < OPS; i++) {
      p[i] = 100 + rng.below(pids);
      f[i] = rng.below(files);
    }
    const r = make(pids, files);
    const [g, t, n] = compare(
      [
        { name: "generated", run: () => r.generated(p, f) },
        { name: "template", run: () => r.template(p, f) },
        { name: "nested", run: () => r.nested(p, f) },
      ],
      OPS,
    );
    const gcs = await gcCount(() => r.generated(p, f));
    say(`| ${pids * files} | ${fmt(g!.ns)} | ${fmt(t!.ns)} | ${fmt(n!.ns)} | ${ratio(t!.ns, g!.ns)} | ${ratio(n!.ns, g!.ns)} | ${gcs} |`);
  }
}

// ---- W3: remember a name per pid: long -> string, set then get ----
function w3(): void {
  say("\n## W3: a name per key (`long -> string`, set + get)\n");
  say("| keys | generated ns/op | Map ns/op | vs Map |");
  say("|---|---|---|---|");
  for (const [label, n, make] of [["1k", 1000, () => new tables.W3_1kMap()], ["1M", 1_000_000, () => new tables.W3_1mMap()]] as const) {
    const keys = keySet("sequential", n);
    const names = Array.from({ length: 64 }, (_, i) => `proc-${i}-${"x".repeat(i % 9)}`);
    const idx = indexStream(n, OPS);
    const table = make();
    const map = new Map<number, string>();
    const gen = loop<[typeof table, Float64Array, Int32Array, string[]]>(["t", "keys", "idx", "names"], "let n = 0; for (let i = 0; i < idx.length; i++) { const k = keys[idx[i]]; if ((i & 3) === 0) t.set(k, names[i & 63]); else n += t.get(k).length; } return n;");
    const base = loop<[Map<number, string>, Float64Array, Int32Array, string[]]>(["m", "keys", "idx", "names"], "let n = 0; for (let i = 0; i < idx.length; i++) { const k = keys[idx[i]]; if ((i & 3) === 0) m.set(k, names[i & 63]); else n += (m.get(k) ?? '').length; } return n;");
    const [g, m] = compare([{ name: "generated", run: () => gen(table, keys, idx, names) }, { name: "map", run: () => base(map, keys, idx, names) }], OPS);
    say(`| ${label} | ${fmt(g!.ns)} | ${fmt(m!.ns)} | ${ratio(m!.ns, g!.ns)} |`);
  }
}

// ---- W4: latency per (route, status) with a log2 histogram ----
interface Obj {
  count: number;
  sum: number;
  min: number;
  max: number;
  mean: number;
  m2: number;
  hist: number[];
}
function w4(): void {
  say("\n## W4: latency per (route, status) with a log2 histogram (`(string, long) -> stats`)\n");
  say("| entries | generated ns/op | object-per-entry Map ns/op | vs baseline | generated B/entry | baseline B/entry | bytes ratio |");
  say("|---|---|---|---|---|---|---|");
  for (const [routes, statuses] of [[100, 10], [10_000, 10]] as const) {
    const n = routes * statuses;
    const routeNames = Array.from({ length: routes }, (_, i) => `/api/v1/resource${i}/items`);
    const rng = new Rng(7);
    const ri = new Int32Array(OPS);
    const st = new Int32Array(OPS);
    const lat = new Float64Array(OPS);
    for (let i = 0; i < OPS; i++) {
      ri[i] = rng.below(routes);
      st[i] = 200 + rng.below(statuses);
      lat[i] = Math.floor(2 ** (rng.u32() / 4294967296 * 20));
    }
    const before = heapBytes();
    const table = new tables.W4Map();
    for (let r = 0; r < routes; r++) for (let s = 0; s < statuses; s++) table.add(routeNames[r]!, 200 + s, 1);
    const genBytes = (heapBytes() - before) / n;
    const before2 = heapBytes();
    const map = new Map<string, Obj>();
    const record = (m: Map<string, Obj>, key: string, v: number): void => {
      let o = m.get(key);
      if (o === undefined) {
        o = { count: 0, sum: 0, min: v, max: v, mean: 0, m2: 0, hist: new Array<number>(128).fill(0) };
        m.set(key, o);
      }
      o.count++;
      o.sum += v;
      if (v < o.min) o.min = v;
      if (v > o.max) o.max = v;
      const d = v - o.mean;
      o.mean += d / o.count;
      o.m2 += d * (v - o.mean);
      o.hist[log2Bucket(v)]!++;
    };
    for (let r = 0; r < routes; r++) for (let s = 0; s < statuses; s++) record(map, `${routeNames[r]}\0${200 + s}`, 1);
    const baseBytes = (heapBytes() - before2) / n;
    const gen = loop<[typeof table, string[], Int32Array, Int32Array, Float64Array]>(["t", "routes", "ri", "st", "lat"], "for (let i = 0; i < lat.length; i++) t.add(routes[ri[i]], st[i], lat[i]); return 0;");
    const base = (): void => {
      for (let i = 0; i < lat.length; i++) record(map, `${routeNames[ri[i]!]}\0${st[i]}`, lat[i]!);
    };
    const [g, m] = compare([{ name: "generated", run: () => gen(table, routeNames, ri, st, lat) }, { name: "baseline", run: base }], OPS);
    say(`| ${n} | ${fmt(g!.ns)} | ${fmt(m!.ns)} | ${ratio(m!.ns, g!.ns)} | ${genBytes.toFixed(0)} | ${baseBytes.toFixed(0)} | ${(genBytes / baseBytes).toFixed(2)} |`);
  }
}

// ---- W5: churn, many more distinct keys than maxEntries ----
function w5(): void {
  say("\n## W5: churn: 1M distinct keys through 10,000 entries (`long -> long`)\n");
  say("| policy | ns/op | vs plain insert (no eviction, same stream) |");
  say("|---|---|---|");
  const arrays = { w5_insert: new tables.W5_insertMap(), w5_wrap: new tables.W5_wrapMap(), w5_lru: new tables.W5_lruMap(), w5_drop: new tables.W5_dropMap() };
  const n = 1_000_000;
  const keys = keySet("random64", n, 11);
  const ins = loop<[typeof arrays.w5_insert, Float64Array]>(["t", "keys"], "t.clear(); for (let i = 0; i < keys.length; i++) t.add(keys[i], 1); return 0;");
  type Churn = { clear(): void; add(k: number, v: number): void };
  const mk = (): ((t: Churn, k: Float64Array) => number) => loop(["t", "keys"], "t.clear(); for (let i = 0; i < keys.length; i++) t.add(keys[i], 1); return 0;");
  const wrap = mk();
  const lru = mk();
  const drop = mk();
  const series = compare(
    [
      { name: "insert", run: () => ins(arrays.w5_insert, keys) },
      { name: "wrap", run: () => wrap(arrays.w5_wrap, keys) },
      { name: "lru", run: () => lru(arrays.w5_lru, keys) },
      { name: "drop", run: () => drop(arrays.w5_drop, keys) },
    ],
    n,
  );
  const base = series[0]!.ns;
  say(`| plain insert | ${fmt(base)} | 1.00x |`);
  for (const s of series.slice(1)) say(`| ${s.name} | ${fmt(s.ns)} | ${(median(s.ns) / median(base)).toFixed(2)}x |`);
}

// ---- W7: top 10 by value of 100,000 entries vs a full sort ----
function w7(): void {
  say("\n## W7: top 10 by value of 100,000 entries\n");
  const t = new tables.W7Map();
  const rng = new Rng(5);
  for (let i = 0; i < 100_000; i++) t.set(i, rng.below(1_000_000));
  const [top, full] = compare(
    [
      { name: "top10", run: () => void t.entries({ sort: { by: "value", order: "desc" }, limit: 10 }) },
      { name: "full", run: () => void t.entries({ sort: { by: "value", order: "desc" } }) },
    ],
    1,
    5,
  );
  say("| view | ms | share of the full sort |");
  say("|---|---|---|");
  say(`| top 10 (limit) | ${(median(top!.ns) / 1e6).toFixed(1)} | ${(median(top!.ns) / median(full!.ns)).toFixed(3)} |`);
  say(`| full sort | ${(median(full!.ns) / 1e6).toFixed(1)} | 1.000 |`);
}

// ---- Backtrace: the cost of keying by stack (stackId) ----
function backtrace(): void {
  say("\n## Stack ids: `stackId()` from a 12-deep call path\n");
  say("| capture | ns/op | vs `new Error().stack` |");
  say("|---|---|---|");
  const ops = 20_000;
  const deep = (n: number, f: () => void): void => (n === 0 ? f() : deep(n - 1, f));
  let sink = 0;
  const variants: { name: string; setup: () => void; run: () => void }[] = [
    { name: "new Error().stack (baseline)", setup: () => {}, run: () => deep(12, () => void (sink += new Error().stack!.length)) },
    { name: "stackId(), 20 frames (default)", setup: () => configureStackIds({}), run: () => deep(12, () => void (sink += stackId())) },
    { name: "stackId(), 5 frames", setup: () => configureStackIds({ maxFrames: 5 }), run: () => deep(12, () => void (sink += stackId())) },
  ];
  const results = variants.map((v) => {
    v.setup();
    const [s] = compare([{ name: v.name, run: () => { for (let i = 0; i < ops; i++) v.run(); } }], ops);
    return { name: v.name, ns: s!.ns };
  });
  const base = results[0]!.ns;
  for (const r of results) say(`| ${r.name} | ${fmt(r.ns)} | ${(median(base) / median(r.ns)).toFixed(2)}x |`);
  configureStackIds({});
  void sink;
}

// ---- Output: one printf-formatted line into the print buffer ----
async function output(): Promise<void> {
  say("\n## Output: one formatted line (`read fd=%d bytes=%d ok\\n`)\n");
  say("| writer | ns/line | speed-up vs its baseline (>1 = faster) |");
  say("|---|---|---|");
  const results = await benchOutput();
  const byName = new Map(results.map((r) => [r.name, r.nsPerOp]));
  for (const r of results) {
    const base = byName.get(r.baseline)!;
    say(`| ${r.name} | ${r.nsPerOp.toFixed(1)} | ${r.name === r.baseline ? "(baseline)" : `${(base / r.nsPerOp).toFixed(2)}x vs ${r.baseline}`} |`);
  }
}

async function main(): Promise<void> {
  say(`# probegen benchmark run`);
  say(`\n${new Date().toISOString().slice(0, 10)}; ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), ${arch()}, Node ${process.version}; ${OPS} ops per round, median of 5 rounds (min–max).`);
  const only = process.argv[2];
  if (!only || only === "w1") w1();
  if (!only || only === "w2") await w2();
  if (!only || only === "w3") w3();
  if (!only || only === "w4") w4();
  if (!only || only === "w5") w5();
  if (!only || only === "w6") await w6();
  if (!only || only === "w7") w7();
  if (!only || only === "backtrace") backtrace();
  if (!only || only === "output") await output();
}

await main();
