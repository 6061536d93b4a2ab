/**
 * The conformance suite (trace.md): every `cases/NAME.trace.jsonl` runs in-process through
 * runTrace against the declaration its first line names (`# decl: NAME` -> decls/NAME.decl.json)
 * and must print exactly `NAME.expected` on stdout. A case with `NAME.expected.stderr` is a
 * malformed trace: that exact stderr, exit status 1 and nothing on stdout; any other case exits
 * 0 with nothing on stderr.
 *
 * Expected outputs were written from the spec and the published outputs of SystemTap and
 * bpftrace (named in each trace's comments), never recorded from this implementation.
 * The generated module of each declaration is built once (runTrace caches it).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runTrace } from "../../generator/trace/run.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const casesDir = join(here, "cases");
const declsDir = join(here, "decls");

/**
 * Cases the implementation fails today, with why: each runs as `it.fails`, so the suite says so
 * as soon as the bug is fixed (then remove the entry).
 */
const KNOWN_FAILURES: Readonly<Record<string, string>> = {};

interface Case {
  readonly name: string;
  readonly decl: string;
  readonly trace: string;
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

function loadCases(): Case[] {
  return readdirSync(casesDir)
    .filter((f) => f.endsWith(".trace.jsonl"))
    .sort()
    .map((file) => {
      const name = file.slice(0, -".trace.jsonl".length);
      const trace = readFileSync(join(casesDir, file), "utf8");
      const decl = /^# decl: ([A-Za-z0-9_-]+)\n/.exec(trace)?.[1];
      if (decl === undefined) throw new Error(`${file}: the first line must be "# decl: NAME"`);
      const stderrFile = join(casesDir, `${name}.expected.stderr`);
      const malformed = existsSync(stderrFile);
      return {
        name,
        decl,
        trace,
        stdout: readFileSync(join(casesDir, `${name}.expected`), "utf8"),
        stderr: malformed ? readFileSync(stderrFile, "utf8") : "",
        exitCode: malformed ? 1 : 0,
      };
    });
}

const cases = loadCases();

describe("conformance traces", () => {
  it("has the cases the suite is meant to have", () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    expect(cases.filter((c) => c.exitCode === 1).length).toBeGreaterThanOrEqual(10);
    for (const name of Object.keys(KNOWN_FAILURES)) expect(cases.map((c) => c.name)).toContain(name);
  });

  for (const c of cases) {
    const known = KNOWN_FAILURES[c.name];
    const test = known === undefined ? it : it.fails;
    test(known === undefined ? c.name : `${c.name} (known failure: ${known})`, async () => {
      const declPath = `${c.decl}.decl.json`;
      const decl = { path: declPath, text: readFileSync(join(declsDir, declPath), "utf8") };
      const run = await runTrace(decl, c.trace, `${c.name}.trace.jsonl`);
      expect(run.stderr).toBe(c.stderr);
      expect(run.stdout).toBe(c.stdout);
      expect(run.exitCode).toBe(c.exitCode);
    });
  }
});
