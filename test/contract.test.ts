// Every runtime symbol the generator may import is exported by the runtime barrel.
import { expect, test } from "vitest";
import { RUNTIME_SYMBOLS } from "../generator/plan/runtime-symbols.js";
import * as runtime from "../runtime-core/index.js";

test("runtime-symbols.ts lists only values runtime-core/index.ts exports", () => {
  const exported = new Set(Object.keys(runtime));
  const missing = Object.entries(RUNTIME_SYMBOLS)
    .filter(([, kind]) => kind === "value")
    .map(([name]) => name)
    .filter((name) => !exported.has(name));
  expect(missing).toEqual([]);
});
