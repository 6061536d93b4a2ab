// Shape i_i: (long) -> long, against the reference model under every onFull policy.
import { describe, test } from "vitest";
import { POLICIES, checkAgainstModel } from "../differential.js";

describe("shape i_i", () => {
  for (const onFull of POLICIES) {
    test(`onFull ${onFull}`, async () => {
      await checkAgainstModel({ keys: ["long"], value: "long", onFull });
    });
  }
});
