/**
 * What the front end builds from valid declarations: the parse-ok fixtures read into the
 * expected ModuleModel (defaults applied, aggregates made canonical, exact bigints, origins).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { analyze } from "../../generator/front.js";
import type { ModuleModel } from "../../generator/model/model.js";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

function load(path: string): ModuleModel {
  const result = analyze({ path, text: readFileSync(repoRoot + path, "utf8") });
  expect(result.diagnostics).toEqual([]);
  if (result.model === null) throw new Error(`${path}: no model`);
  return result.model;
}

/** The model without positions, to compare what two formats mean. */
function meaning(model: ModuleModel): unknown {
  return JSON.parse(
    JSON.stringify(model, (key, value: unknown) =>
      key === "span" || key === "origin" || key === "sourcePath" ? undefined : typeof value === "bigint" ? `${value}n` : value,
    ),
  );
}

describe("the netstat example of declaration.md", () => {
  const model = load("test/fixtures/parse-ok/netstat/input.decl.ts");

  test("reads every array in declaration order with defaults applied", () => {
    expect(model.module).toBe("netstat");
    expect(model.sourcePath).toBe("test/fixtures/parse-ok/netstat/input.decl.ts");
    expect(model.arrays.map((a) => a.name)).toEqual(["execname", "bytes", "latency", "sizes"]);
    const [execname, bytes, latency, sizes] = model.arrays;
    expect(execname).toMatchObject({ maxEntries: 2048, maxStringLength: 128, onFull: "fail", growLimit: null, display: false });
    expect(execname?.value).toEqual({ kind: "string" });
    expect(bytes?.keys.map((k) => [k.name, k.kind])).toEqual([["pid", "long"], ["file", "string"]]);
    expect(bytes).toMatchObject({ maxEntries: 10000, onFull: "wrap", value: { kind: "long" } });
    expect(latency?.onFull).toBe("lru");
    expect(latency?.value).toEqual({
      kind: "stats",
      requested: ["count", "sum", "min", "max", "avg", "variance"],
      available: ["count", "sum", "min", "max", "avg", "variance"],
      hist: { kind: "linear", start: 0n, stop: 1000n, interval: 50n, buckets: 21 },
    });
    expect(sizes?.value).toEqual({ kind: "stats", requested: ["count", "sum"], available: ["count", "sum"], hist: { kind: "log2" } });
  });

  test("records where each array and key is written", () => {
    const bytes = model.arrays[1];
    expect(bytes?.origin).toEqual({ line: 9, column: 5 });
    const text = readFileSync(repoRoot + model.sourcePath, "utf8");
    expect(text.slice(bytes?.span.offset, (bytes?.span.offset ?? 0) + (bytes?.span.length ?? 0))).toBe("bytes");
    const file = bytes?.keys[1];
    expect(text.slice(file?.span.offset, (file?.span.offset ?? 0) + (file?.span.length ?? 0))).toBe("file");
  });

  test("is deeply frozen", () => {
    expect(Object.isFrozen(model)).toBe(true);
    expect(Object.isFrozen(model.arrays)).toBe(true);
    expect(Object.isFrozen(model.arrays[2]?.value)).toBe(true);
    expect(Object.isFrozen(model.arrays[0]?.keys[0]?.span)).toBe(true);
    expect(() => {
      (model.arrays as ModuleModel["arrays"][number][]).push(model.arrays[0] as ModuleModel["arrays"][number]);
    }).toThrow(TypeError);
  });

  test("means the same in JSON", () => {
    expect(meaning(load("test/fixtures/parse-ok/netstat-json/input.json"))).toEqual(meaning(model));
  });
});

test("bigint literals and JSON decimal strings give exact int64 bounds", () => {
  const fromTs = load("test/fixtures/parse-ok/big-integers-ts/input.decl.ts");
  const fromJson = load("test/fixtures/parse-ok/big-integers-json/input.json");
  expect(fromTs.arrays[0]?.value).toMatchObject({ hist: { start: -(2n ** 63n), stop: -(2n ** 63n), interval: 1000n, buckets: 1 } });
  expect(fromTs.arrays[1]?.value).toEqual({
    kind: "stats",
    requested: [],
    available: [],
    hist: { kind: "linear", start: 9007199254740993n, stop: 9007199254741992n, interval: 1n, buckets: 1000 },
  });
  for (const array of [0, 1]) {
    expect(fromJson.arrays[array]?.value).toEqual(fromTs.arrays[array]?.value);
  }
});

test("avg and variance bring what they need, in canonical order", () => {
  const model = load("test/fixtures/parse-ok/big-integers-ts/input.decl.ts");
  const negative = model.arrays[2];
  expect(negative?.value).toMatchObject({
    requested: ["avg", "variance"],
    available: ["count", "sum", "avg", "variance"],
    hist: { kind: "linear", start: -100n, stop: -10n, interval: 30n, buckets: 4 },
  });
  expect(negative).toMatchObject({ onFull: "grow", maxEntries: 16, growLimit: 16 });
  expect(model.arrays[1]?.growLimit).toBe(2147483647);
});

test("a bare object with as const / satisfies, contextual words as names, no module field", () => {
  const model = load("test/fixtures/parse-ok/bare-object-as-const/input.decl.ts");
  expect(model.module).toBe("input");
  expect(model.arrays.map((a) => a.name)).toEqual(["type", "counts"]);
  expect(model.arrays[0]?.keys.map((k) => k.name)).toEqual(["get", "of", "string"]);
  expect(model.arrays[0]?.display).toBe(true);
  expect(model.arrays[1]?.maxStringLength).toBe(65535);
  expect(load("test/fixtures/parse-ok/module-from-file-name/netstat.decl.mts").module).toBe("netstat");
});

test("a 100-array declaration is read in one pass without errors", () => {
  const arrays = Array.from({ length: 100 }, (_, i) => `    a${i}: { keys: { k: "long", s: "string" }, value: { stats: { hist: "log2" } } },`);
  const text = `import { defineArrays } from "probegen";\nexport default defineArrays({\n  arrays: {\n${arrays.join("\n")}\n  },\n});\n`;
  const result = analyze({ path: "big.decl.ts", text });
  expect(result.diagnostics).toEqual([]);
  expect(result.model?.arrays).toHaveLength(100);
  expect(result.model?.arrays[99]?.origin).toEqual({ line: 103, column: 5 });
});
