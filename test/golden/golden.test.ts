/**
 * Golden generated code: each case directory holds an input declaration and the expected
 * output. `UPDATE_GOLDEN=1 npx vitest run test/golden` (or `npm run golden:update`) rewrites
 * `expected/`; otherwise any difference fails. All outputs must also type-check under strict.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { typecheck, type GeneratedFile } from "../../generator/emit/typecheck.js";
import { generate } from "../../generator/index.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const update = process.env.UPDATE_GOLDEN === "1";
const cases = readdirSync(here, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

function inputOf(dir: string): string {
  const name = readdirSync(dir).find((f) => f.startsWith("input.decl."));
  if (name === undefined) throw new Error(`${dir}: no input.decl.* file`);
  return name;
}

const all: GeneratedFile[] = [];

describe("golden generated code", () => {
  for (const name of cases) {
    test(name, async () => {
      const dir = join(here, name);
      const input = inputOf(dir);
      // Labelled as the CLI would for `--out <case>/expected`.
      const result = await generate(
        { path: `test/golden/${name}/${input}`, text: readFileSync(join(dir, input), "utf8") },
        { sourceLabel: `../${input}`, typecheck: false },
      );
      expect(result.diagnostics).toEqual([]);
      const expectedDir = join(dir, "expected");
      if (update) {
        rmSync(expectedDir, { recursive: true, force: true });
        mkdirSync(expectedDir, { recursive: true });
        for (const f of result.files) writeFileSync(join(expectedDir, f.path), f.text);
      }
      expect(existsSync(expectedDir), `${name}/expected missing: run npm run golden:update`).toBe(true);
      expect(readdirSync(expectedDir).sort()).toEqual(result.files.map((f) => f.path).sort());
      for (const f of result.files) {
        expect(f.text, `${name}/expected/${f.path} is stale: run npm run golden:update`).toBe(
          readFileSync(join(expectedDir, f.path), "utf8"),
        );
        all.push({ path: `${name}/${f.path}`, text: f.text });
      }
      // Determinism: a second run gives the same bytes.
      const again = await generate(
        { path: `test/golden/${name}/${input}`, text: readFileSync(join(dir, input), "utf8") },
        { sourceLabel: `../${input}`, typecheck: false },
      );
      expect(again.files).toEqual(result.files);
    });
  }

  test("every golden output type-checks under strict", () => {
    expect(all.length).toBeGreaterThan(0);
    expect(typecheck(all)).toEqual([]);
  });
});
