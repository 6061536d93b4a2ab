/**
 * analyze() on arbitrary input: random text, random JSON values, random near-valid
 * declarations, and random mutations of valid declarations. It must never throw nor report an
 * internal error (PG9001); it returns either a model with no error or at least one error; every
 * span lies inside the text; rendering never throws and prints one header per diagnostic.
 * Random declarations are also read both as JSON and as TypeScript: the two formats must agree
 * diagnostic for diagnostic. Runs are bounded so the file stays within a few seconds.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { Diagnostic, SourceText } from "../../generator/diagnostics/diagnostic.js";
import { renderDiagnostics } from "../../generator/diagnostics/render.js";
import { analyze, type AnalyzeResult } from "../../generator/front.js";
import type { ModuleModel } from "../../generator/model/model.js";

function run(source: SourceText): AnalyzeResult {
  let result: AnalyzeResult | undefined;
  expect(() => {
    result = analyze(source);
  }).not.toThrow();
  const { model, diagnostics } = result as AnalyzeResult;
  const errors = diagnostics.filter((d) => d.severity === "error");
  expect(diagnostics.filter((d) => d.code === "PG9001")).toEqual([]);
  expect(model === null).toBe(errors.length > 0);
  for (const d of diagnostics) {
    expect(d.span.file).toBe(source.path);
    expect(d.span.offset).toBeGreaterThanOrEqual(0);
    expect(d.span.length).toBeGreaterThanOrEqual(0);
    expect(d.span.offset + d.span.length).toBeLessThanOrEqual(source.text.length);
    expect(d.message).not.toMatch(/[\n\r]/);
  }
  const rendered = renderDiagnostics(diagnostics, [source]);
  const headers = rendered.split("\n").filter((line) => line.startsWith(`${source.path}:`));
  expect(headers).toHaveLength(diagnostics.length);
  for (const header of headers) expect(header).toMatch(/^[^:]+:\d+:\d+: error PG\d{4}: \S/);
  if (model !== null) expect(Object.isFrozen(model)).toBe(true);
  return result as AnalyzeResult;
}

const runs = { numRuns: 150 };

describe("analyze never fails on garbage", () => {
  test("random text as TypeScript and as JSON", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.constantFrom("x.decl.ts", "x.mts", "x.json", "x.txt"), (text, path) => {
        run({ path, text });
      }),
      runs,
    );
  });

  test("random JSON values", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        const text = JSON.stringify(value) ?? "null";
        run({ path: "x.json", text });
        run({ path: "x.decl.ts", text: `export default defineArrays(${text});` });
      }),
      runs,
    );
  });
});

/** Mostly `good`, sometimes `bad`: random declarations are valid often enough to compare models. */
function mostly<T>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof({ arbitrary: good, weight: 12 }, { arbitrary: bad, weight: 1 });
}

const name = mostly(
  fc.stringMatching(/^[a-z][a-z0-9_]{0,5}$/).filter((n) => !["long", "int", "char", "do", "if", "in", "for", "new", "var", "let", "try", "enum", "case", "else", "void", "auto", "free", "exit", "index", "fuzz", "this", "with", "true", "null", "puts", "putc", "eval"].includes(n)),
  fc.constantFrom("Bytes", "class", "static", "__x", "index", 'a"b', "int64_t", "", "fuzz", "long"),
).map(String);
const small = fc.integer({ min: 1, max: 5000 });
const badInteger = fc.oneof(fc.constantFrom(0, -1, 65536, 2147483648, 1.5, 2 ** 60, -(2 ** 63), "x", null), fc.integer());
const policy = mostly(fc.constantFrom("fail", "wrap", "drop", "lru", "grow"), fc.constantFrom("wrapp", 3, null));
const aggregate = mostly(fc.constantFrom("count", "sum", "min", "max", "avg", "variance"), fc.constantFrom("cnt", 0));
const linear = fc
  .tuple(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 1, max: 100 }))
  .map(([start, span, interval]) => ({ start, stop: start + span, interval }));
const hist = mostly(
  fc.oneof(fc.constant("log2"), fc.record({ linear })),
  fc.oneof(
    fc.constantFrom("lgo2", "linear", 2),
    fc.record({ linear: fc.record({ start: badInteger, stop: badInteger, interval: badInteger }, { requiredKeys: [] }) }),
  ),
);
const value = mostly(
  fc.oneof(
    fc.constantFrom("long", "string"),
    fc.record({ stats: fc.record({ aggregates: fc.uniqueArray(aggregate, { maxLength: 6 }), hist }, { requiredKeys: [] }) }),
  ),
  fc.oneof(fc.constantFrom("strng", null, []), fc.record({ stats: fc.record({ aggregates: fc.array(aggregate), hist }) })),
);
const array = fc.record(
  {
    keys: mostly(
      fc.dictionary(name, mostly(fc.constantFrom("long", "string"), fc.constantFrom("lnog", 1)), { minKeys: 1, maxKeys: 9 }),
      fc.oneof(fc.constant({}), fc.constant([]), fc.dictionary(name, fc.constant("long"), { minKeys: 10, maxKeys: 11 })),
    ),
    value,
    maxEntries: mostly(small, badInteger),
    maxStringLength: mostly(small, badInteger),
    onFull: policy,
    display: mostly(fc.boolean(), fc.constant("yes")),
    growLimit: mostly(fc.integer({ min: 5000, max: 2 ** 31 - 1 }), badInteger),
    maxEntires: small,
  },
  { requiredKeys: [] },
).map((a) => {
  // Misspelled fields and a growLimit without "grow" are errors; keep them rarer than the rest.
  const { maxEntires, growLimit, ...rest } = a;
  const out: Record<string, unknown> = { keys: { k: "long" }, value: "long", ...rest };
  if (typeof maxEntires === "number" && maxEntires % 25 === 0) out["maxEntires"] = maxEntires;
  if (out["onFull"] === "grow" && growLimit !== undefined) out["growLimit"] = growLimit;
  return out;
});
const declaration = fc.record(
  {
    module: mostly(fc.constant("netstat"), fc.oneof(name, fc.constant(7))),
    defaults: fc.record({ maxEntries: mostly(small, badInteger), maxStringLength: mostly(small, badInteger), onFull: policy }, { requiredKeys: [] }),
    arrays: mostly(fc.dictionary(name, array, { minKeys: 1, maxKeys: 4 }), fc.constant({})),
  },
  { requiredKeys: ["arrays"] },
);

/** The model without positions. */
function meaning(model: ModuleModel | null): unknown {
  if (model === null) return null;
  return JSON.parse(
    JSON.stringify(model, (key, v: unknown) =>
      key === "span" || key === "origin" || key === "sourcePath" ? undefined : typeof v === "bigint" ? `${v}n` : v,
    ),
  );
}

function shape(diagnostics: readonly Diagnostic[], shift: number): unknown[] {
  // Notes may cite a line:column, which the TypeScript wrapper shifts.
  const notes = (d: Diagnostic) => (d.notes ?? []).map((note) => note.replace(/\d+:\d+/g, "L:C"));
  return diagnostics.map((d) => [d.code, d.message, d.span.offset - shift, d.span.length, notes(d)]);
}

test("random declarations: JSON and TypeScript agree diagnostic for diagnostic", () => {
  const prefix = 'import { defineArrays } from "probegen";\nexport default defineArrays(';
  fc.assert(
    fc.property(declaration, (decl) => {
      const json = JSON.stringify(decl, null, 1);
      const fromJson = run({ path: "fuzz.json", text: json });
      const fromTs = run({ path: "fuzz.decl.ts", text: `${prefix}${json});\n` });
      expect(shape(fromTs.diagnostics, prefix.length)).toEqual(shape(fromJson.diagnostics, 0));
      expect(meaning(fromTs.model)).toEqual(meaning(fromJson.model));
    }),
    runs,
  );
});

const fixtures = new URL("../fixtures/", import.meta.url);
const validTs = readFileSync(new URL("parse-ok/netstat/input.decl.ts", fixtures), "utf8");
const validJson = readFileSync(new URL("parse-ok/netstat-json/input.json", fixtures), "utf8");
const TOKEN = /\s+|"(?:[^"\\\n]|\\.)*"|[A-Za-z_$][\w$]*|\d[\d_]*n?|\.\.\.|./g;
const REPLACEMENTS = ["foo()", "...x", "`${a}`", "-", "10_000n", " as const", '"lnog"', "__x", "[k]", ",", "}", "{", "0", "9007199254740993", "null", '"grow"', "//"];

/** A valid declaration with one to three characters or tokens deleted, duplicated or replaced. */
function mutated(text: string): fc.Arbitrary<string> {
  const tokens = text.match(TOKEN) ?? [];
  const edit = fc.tuple(fc.boolean(), fc.constantFrom("delete", "duplicate", "replace", "swap"), fc.nat(), fc.nat(), fc.constantFrom(...REPLACEMENTS));
  return fc.array(edit, { minLength: 1, maxLength: 3 }).map((edits) => {
    let parts = [...tokens];
    for (const [byToken, how, a, b, replacement] of edits) {
      if (!byToken) parts = [...parts.join("")];
      if (parts.length === 0) break;
      const i = a % parts.length;
      const j = b % parts.length;
      if (how === "delete") parts.splice(i, 1);
      else if (how === "duplicate") parts.splice(i, 0, parts[i] as string);
      else if (how === "replace") parts[i] = byToken ? replacement : replacement.charAt(b % replacement.length);
      else [parts[i], parts[j]] = [parts[j] as string, parts[i] as string];
    }
    return parts.join("");
  });
}

describe("mutations of valid declarations", () => {
  test("TypeScript", () => {
    fc.assert(
      fc.property(mutated(validTs), (text) => {
        run({ path: "probes/netstat.decl.ts", text });
      }),
      { numRuns: 200 },
    );
  });

  test("JSON", () => {
    fc.assert(
      fc.property(mutated(validJson), (text) => {
        run({ path: "probes/netstat.json", text });
      }),
      { numRuns: 200 },
    );
  });
});
