// Shape i_s: (long) -> string, against the reference model under every onFull policy.
import { describe, test } from "vitest";
import { POLICIES, checkAgainstModel } from "../differential.js";

describe("shape i_s", () => {
  for (const onFull of POLICIES) {
    test(`onFull ${onFull}`, async () => {
      await checkAgainstModel({ keys: ["long"], value: "string", onFull });
    });
  }
});
