// Shape iiiiiiiii_i: (long,string,long,long,string,long,long,long,string) -> long, against the reference model under every onFull policy.
import { describe, test } from "vitest";
import { POLICIES, checkAgainstModel } from "../differential.js";

describe("shape iiiiiiiii_i", () => {
  for (const onFull of POLICIES) {
    test(`onFull ${onFull}`, async () => {
      await checkAgainstModel({ keys: ["long","string","long","long","string","long","long","long","string"], value: "long", onFull });
    });
  }
});
