// Every runtime symbol and template local is a valid key name, and must not break generation:
// generated code renames the parameter, never the thing it would shadow.
import { describe, expect, test } from "vitest";
import { typecheck } from "../../generator/emit/typecheck.js";
import { formatTs } from "../../generator/emit/format.js";
import { planModule } from "../../generator/plan/plan.js";
import { RUNTIME_SYMBOLS } from "../../generator/plan/runtime-symbols.js";
import { renderModule } from "../../generator/render/render.js";
import { linear, moduleModel, type ArraySpec } from "../helpers/models.js";
import { loadGenerated } from "../helpers/generate.js";

const LOCALS = ["hit", "at", "e", "o", "i", "h", "b", "v", "x", "n", "d", "st", "big", "slots", "mask", "found", "old", "home", "next", "value", "style", "counts", "sum", "min", "max", "mean"];
const NAMES = [...Object.keys(RUNTIME_SYMBOLS), ...LOCALS].filter((n) => !n.startsWith("__"));

describe("key names that shadow what generated code uses", () => {
  test("every shape type-checks and works with them", async () => {
    const arrays: ArraySpec[] = [];
    NAMES.forEach((name, i) => {
      arrays.push({ name: `l${i}`, keys: { [name]: "long" }, value: "long", onFull: "lru" });
      arrays.push({ name: `s${i}`, keys: { [name]: "string" }, value: "string" });
      arrays.push({ name: `t${i}`, keys: { [name]: "long", [`${name}2`]: "string" }, value: { stats: { hist: linear(-(2n ** 62n), 2n ** 62n - 1n, 2n ** 60n) } }, onFull: "lru" });
    });
    const model = moduleModel("shadow", arrays);
    const raw = renderModule(planModule(model, "x.decl.json"), "probegen/runtime");
    const files = await Promise.all(raw.map(async (f) => ({ path: f.path, text: await formatTs(f.text) })));
    expect(typecheck(files)).toEqual([]);
    const mod = await loadGenerated(model, "shadow");
    const all = (mod.createArrays as () => Record<string, any>)();
    NAMES.forEach((_, i) => {
      all[`l${i}`].add(5, 2);
      expect(all[`l${i}`].get(5)).toBe(2);
      all[`s${i}`].set("k", "v");
      expect(all[`s${i}`].get("k")).toBe("v");
      all[`t${i}`].add(1, "a", 7);
      expect(all[`t${i}`].count(1, "a")).toBe(1);
    });
  }, 120_000);
});
