/**
 * Runs every front-end fixture: test/fixtures/{parse-ok,parse-ko,check-ko}/<case>/ holds one
 * declaration file (any name but expected.*) and, for -ko cases, expected.errors.txt: the
 * diagnostics exactly as the CLI renders them, the file named by its path from the repo root.
 * UPDATE_GOLDEN=1 rewrites the expected files instead of comparing.
 *
 * The stage in the directory name is checked too: a parse-ko case must fail while reading
 * (some PG1xxx), a check-ko case only in the checker (PG2xxx only).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { renderDiagnostics } from "../../generator/diagnostics/render.js";
import { analyze } from "../../generator/front.js";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const update = process.env["UPDATE_GOLDEN"] === "1";
const stages = ["parse-ok", "parse-ko", "check-ko"] as const;

interface FixtureCase {
  readonly name: string;
  readonly dir: string;
  /** Relative to the repo root, "/" separators: the path diagnostics name. */
  readonly path: string;
  readonly text: string;
}

function cases(stage: string): FixtureCase[] {
  const stageDir = join(repoRoot, "test", "fixtures", stage);
  if (!existsSync(stageDir)) return [];
  return readdirSync(stageDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const dir = join(stageDir, name);
      const inputs = readdirSync(dir).filter((file) => !file.startsWith("expected."));
      if (inputs.length !== 1) throw new Error(`${stage}/${name}: expected one input file, found ${inputs.join(", ")}`);
      const file = inputs[0] as string;
      return { name, dir, path: `test/fixtures/${stage}/${name}/${file}`, text: readFileSync(join(dir, file), "utf8") };
    });
}

describe.each(stages)("%s", (stage) => {
  const all = cases(stage);
  test("has cases", () => {
    expect(all.length).toBeGreaterThan(0);
  });

  test.each(all.map((c) => [c.name, c] as const))("%s", (_name, fixture) => {
    const result = analyze({ path: fixture.path, text: fixture.text });
    const rendered = renderDiagnostics(result.diagnostics, [{ path: fixture.path, text: fixture.text }]);
    if (stage === "parse-ok") {
      expect(rendered).toBe("");
      expect(result.model).not.toBeNull();
      return;
    }
    expect(result.model).toBeNull();
    const codes = result.diagnostics.map((d) => d.code);
    if (stage === "parse-ko") expect(codes.some((code) => code.startsWith("PG1"))).toBe(true);
    else expect(codes.filter((code) => !code.startsWith("PG2"))).toEqual([]);
    const expectedPath = join(fixture.dir, "expected.errors.txt");
    if (update) {
      writeFileSync(expectedPath, rendered);
      return;
    }
    expect(existsSync(expectedPath), `${expectedPath} is missing; run with UPDATE_GOLDEN=1`).toBe(true);
    expect(rendered).toBe(readFileSync(expectedPath, "utf8"));
  });
});
