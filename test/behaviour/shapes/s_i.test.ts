// Shape s_i: (string) -> long, against the reference model under every onFull policy.
import { describe, test } from "vitest";
import { POLICIES, checkAgainstModel } from "../differential.js";

describe("shape s_i", () => {
  for (const onFull of POLICIES) {
    test(`onFull ${onFull}`, async () => {
      await checkAgainstModel({ keys: ["string"], value: "long", onFull });
    });
  }
});
