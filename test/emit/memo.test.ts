// The emit cache only ever saves work: same bytes with and without it, hits on a second run,
// and a damaged cache file is a miss, never wrong output.
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { diskMemo } from "../../generator/cli/disk-memo.js";
import type { Memo } from "../../generator/emit/memo.js";
import { generate } from "../../generator/index.js";

const source = {
  path: "m.decl.json",
  text: '{ "module": "m", "arrays": { "a": { "keys": { "k": "long" }, "value": "long" }, "b": { "keys": { "s": "string" }, "value": "string" } } }',
};

function spy(inner: Memo): Memo & { hits: number; misses: number; sets: number } {
  const s = {
    hits: 0,
    misses: 0,
    sets: 0,
    get(key: string) {
      const v = inner.get(key);
      if (v === undefined) s.misses++;
      else s.hits++;
      return v;
    },
    set(key: string, value: string) {
      s.sets++;
      inner.set(key, value);
    },
  };
  return s;
}

describe("emit memo", () => {
  test("a second run is all hits and gives the same bytes as a run without a cache", async () => {
    const dir = mkdtempSync(join(tmpdir(), "probegen-memo-"));
    const plain = await generate(source, { sourceLabel: "m.decl.json" });
    const first = spy(diskMemo(dir));
    const a = await generate(source, { sourceLabel: "m.decl.json", memo: first });
    expect(first.hits).toBe(0);
    expect(first.sets).toBe(a.files.length + 1); // every file formatted, one type-check
    const second = spy(diskMemo(dir));
    const b = await generate(source, { sourceLabel: "m.decl.json", memo: second });
    expect(second.misses).toBe(0);
    expect(second.sets).toBe(0);
    expect(b.files).toEqual(plain.files);
    expect(a.files).toEqual(plain.files);
  });

  test("a damaged cache entry is a miss", async () => {
    const dir = mkdtempSync(join(tmpdir(), "probegen-memo-"));
    await generate(source, { sourceLabel: "m.decl.json", memo: diskMemo(dir) });
    for (const f of readdirSync(dir)) writeFileSync(join(dir, f), "0".repeat(64) + "\nexport const broken = 1;\n");
    const again = spy(diskMemo(dir));
    const r = await generate(source, { sourceLabel: "m.decl.json", memo: again });
    expect(again.hits).toBe(0);
    expect(r.files).toEqual((await generate(source, { sourceLabel: "m.decl.json" })).files);
  });
});
