// Shape s_s: (string) -> string, against the reference model under every onFull policy.
import { describe, test } from "vitest";
import { POLICIES, checkAgainstModel } from "../differential.js";

describe("shape s_s", () => {
  for (const onFull of POLICIES) {
    test(`onFull ${onFull}`, async () => {
      await checkAgainstModel({ keys: ["string"], value: "string", onFull });
    });
  }
});
