// orderEntries against a plain stable sort: same order in both directions, ties oldest first,
// and the bounded-heap top-n path equal to the full sort's first n.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { orderEntries } from "../../runtime-core/select.js";

function reference(values: number[], desc: boolean, limit?: number): number[] {
  const ids = values.map((_, i) => i);
  // Array.prototype.sort is stable: ties keep creation order in both directions.
  ids.sort((a, b) => (desc ? values[b]! - values[a]! : values[a]! - values[b]!));
  return limit === undefined ? ids : ids.slice(0, limit);
}

describe("orderEntries", () => {
  test("matches a stable sort, with and without limit, both directions", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 40 }),
        fc.boolean(),
        fc.option(fc.integer({ min: 1, max: 45 }), { nil: undefined }),
        (values, desc, limit) => {
          // Entry ids are not creation positions: shuffle them so only positions can break ties.
          const ids = Int32Array.from(values.map((_, i) => (i * 7 + 3) % 1009));
          const valueOf = new Map<number, number>(values.map((v, i) => [ids[i]!, v]));
          const got = orderEntries(ids, (a, b) => valueOf.get(a)! - valueOf.get(b)!, desc, limit);
          expect(Array.from(got)).toEqual(reference(values, desc, limit).map((i) => ids[i]!));
        },
      ),
      { numRuns: 500 },
    );
  });

  test("descending ties keep creation order (not a reversed ascending sort)", () => {
    const ids = Int32Array.from([10, 11, 12, 13]);
    const v: Record<number, number> = { 10: 1, 11: 2, 12: 1, 13: 2 };
    expect(Array.from(orderEntries(ids, (a, b) => v[a]! - v[b]!, true))).toEqual([11, 13, 10, 12]);
    expect(Array.from(orderEntries(ids, (a, b) => v[a]! - v[b]!, true, 3))).toEqual([11, 13, 10]);
  });
});
