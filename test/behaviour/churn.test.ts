// Long deterministic churn against a Map, with every lookup checked: tables at a third full
// have real probe clusters, so each delete exercises the backward shift and each later lookup
// proves no entry was moved before its home slot. Complements the fast-check sequences, which
// are short and rarely fill a table this far.
import { describe, expect, test } from "vitest";
import type { KeyKind } from "../../generator/model/model.js";
import { loadGenerated } from "../helpers/generate.js";
import { moduleModel } from "../helpers/models.js";

type Table = {
  add(...args: unknown[]): void;
  get(...args: unknown[]): number;
  delete(...args: unknown[]): boolean;
  readonly size: number;
};

async function churn(keys: KeyKind[], steps: number): Promise<void> {
  const m = moduleModel("churn", [{ name: "t", keys: Object.fromEntries(keys.map((k, i) => [`f${i}`, k])), value: "long", maxEntries: 400 }]);
  const t = ((await loadGenerated(m, `churn-${keys.join("")}`)).createArrays as () => { t: Table })().t;
  const ref = new Map<string, number>();
  let seed = 12345;
  const next = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (let step = 0; step < steps; step++) {
    const r = next(300);
    // Address-like and small longs; strings from a pool, so keys repeat.
    const key = keys.map((k, i) => (k === "long" ? (i % 2 ? 0x7f0000000000 + r * 4096 : r) : `s${r % 37}`));
    const id = JSON.stringify(key);
    if (step % 3 === 0) {
      expect(t.delete(...key)).toBe(ref.delete(id));
    } else if (ref.size < 400 || ref.has(id)) {
      t.add(...key, 1);
      ref.set(id, (ref.get(id) ?? 0) + 1);
    }
    expect(t.get(...key)).toBe(ref.get(id) ?? 0);
  }
  expect(t.size).toBe(ref.size);
}

describe("churn against a Map", () => {
  test("i_i", () => churn(["long"], 30_000));
  test("ii_i", () => churn(["long", "long"], 30_000));
  test("is_i", () => churn(["long", "string"], 30_000));
});

describe("int64 boundaries", () => {
  test("adds across 2^53 stay exact and wrap at 2^63", async () => {
    const m = moduleModel("bounds", [{ name: "t", keys: { k: "long" }, value: "long" }]);
    const t = ((await loadGenerated(m, "bounds")).createArrays as () => { t: Table & { set(k: unknown, v: unknown): void; getBig(k: unknown): bigint } })().t;
    t.set(1, 2 ** 53 - 1);
    t.add(1, 1);
    t.add(1, 1);
    expect(t.getBig(1)).toBe(2n ** 53n + 1n);
    t.set(2, -(2 ** 53 - 1));
    t.add(2, -1);
    t.add(2, -1);
    expect(t.getBig(2)).toBe(-(2n ** 53n) - 1n);
    t.set(3, 2n ** 63n - 1n);
    t.add(3, 1);
    expect(t.getBig(3)).toBe(-(2n ** 63n));
    t.add(3, -1);
    expect(t.getBig(3)).toBe(2n ** 63n - 1n);
    // Back into the safe range: the double column takes over again.
    t.set(4, 2n ** 53n);
    t.add(4, -2);
    expect(t.get(4)).toBe(2 ** 53 - 2);
  });
});
