// Histogram counts are 32-bit until one would pass 2^32 - 1; then the array widens to doubles
// and no count is lost. Reaching 2^32 samples in a test is out of reach, so the generated code
// is loaded with its 32-bit limit lowered to 3: the widening path runs after four samples.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { generateInto } from "../helpers/generate.js";
import { moduleModel } from "../helpers/models.js";

test("a bucket past the 32-bit limit widens the histogram and keeps every count", async () => {
  const model = moduleModel("widen", [{ name: "h", keys: { k: "long" }, value: { stats: { hist: { kind: "log2" } } } }]);
  const dir = await generateInto(model, "widen");
  const file = join(dir, "h.ts");
  const text = readFileSync(file, "utf8");
  expect(text).toContain("< 0xffffffff");
  writeFileSync(file, text.replaceAll("< 0xffffffff", "< 3"));
  const mod = (await import(/* @vite-ignore */ join(dir, "index.ts"))) as { createArrays: () => { h: any } };
  const { h } = mod.createArrays();
  for (let i = 0; i < 10; i++) h.add(1, 5); // bucket of 4..7
  h.add(1, 0);
  h.add(2, 5n); // the bigint path widens too
  for (let i = 0; i < 4; i++) h.add(2, 1);
  const [one, two] = h.entries();
  expect(one.value.hist[67]).toBe(10);
  expect(one.value.hist[64]).toBe(1);
  expect(two.value.hist[67]).toBe(1);
  expect(two.value.hist[65]).toBe(4);
  expect(h.count(1)).toBe(11);
  // A new entry after widening starts from zero counts.
  h.delete(1);
  h.add(3, 5);
  expect(h.entries()[1].value.hist[67]).toBe(1);
});
