// Stats shapes (s_x, i_x, is_x) against the reference model: aggregates, histograms, policies.
import { describe, test } from "vitest";
import { linear } from "../../helpers/models.js";
import { POLICIES } from "../differential.js";
import { checkStatsAgainstModel } from "../stats-differential.js";

describe("stats arrays", () => {
  for (const onFull of POLICIES) {
    test(`s_x, all aggregates, log2, onFull ${onFull}`, async () => {
      await checkStatsAgainstModel({ keys: ["string"], aggregates: ["count", "sum", "min", "max", "avg", "variance"], hist: { kind: "log2" }, onFull });
    });
  }
  test("i_x, linear histogram with under/overflow, count+sum only", async () => {
    await checkStatsAgainstModel({ keys: ["long"], aggregates: ["count", "sum"], hist: linear(-100n, 100n, 25n), onFull: "lru" });
  });
  test("is_x, variance only (implies count), no histogram", async () => {
    await checkStatsAgainstModel({ keys: ["long", "string"], aggregates: ["variance"], hist: null, onFull: "wrap" });
  });
  test("i_x, linear layout beyond the number fast path (int64-wide buckets)", async () => {
    await checkStatsAgainstModel({
      keys: ["long"],
      aggregates: ["min", "max"],
      hist: linear(-(2n ** 62n), 2n ** 62n - 1n, 2n ** 60n),
      onFull: "drop",
    });
  });
});
