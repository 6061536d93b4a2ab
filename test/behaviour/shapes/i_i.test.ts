// Shape i_i: (long) -> long, against the reference model under every onFull policy.
import { describe, test } from "vitest";
import { POLICIES, checkAgainstModel } from "../differential.js";

describe("shape i_i", () => {
  for (const onFull of POLICIES) {
    test(`onFull ${onFull}`, async () => {
      await checkAgainstModel({ keys: ["long"], value: "long", onFull });
    });
  }

  // Dozens of live entries in a small slot table: long probe clusters, so deletes exercise the
  // backward shift and lookups cross wrapped clusters.
  test("many entries, long sequences", async () => {
    await checkAgainstModel({ keys: ["long"], value: "long", onFull: "fail", maxEntries: 400, maxOps: 300 }, 60);
  });
});
