/**
 * `probegen trace` through the real CLI (bin/probegen.js -> dist): stdout bytes of traces from the
 * conformance suite, a malformed trace's stderr and exit status, an invalid declaration, a
 * trace that is not UTF-8. Needs the build (`npm test` builds first; by hand:
 * `npx tsc -p tsconfig.build.json`).
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const cases = "test/conformance/cases";
const decls = "test/conformance/decls";

interface Result {
  readonly stdout: Buffer;
  readonly stderr: string;
  readonly code: number;
}

function probegen(...args: string[]): Promise<Result> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["bin/probegen.js", ...args], { cwd: root, encoding: "buffer" }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
      resolve({ stdout, stderr: stderr.toString("utf8"), code });
    });
  });
}

let tmp = "";
beforeAll(() => {
  if (!existsSync(join(root, "dist/generator/trace/command.js")))
    throw new Error("dist is missing or stale: run `npx tsc -p tsconfig.build.json` (npm test builds first)");
  tmp = mkdtempSync(join(tmpdir(), "probegen-trace-cli-"));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("probegen trace (CLI)", () => {
  it.each([
    ["trace-md-example", "demo"],
    ["string-escaping", "kinds"],
  ])("prints exactly the expected bytes of %s", async (name, decl) => {
    const r = await probegen("trace", `${decls}/${decl}.decl.json`, `${cases}/${name}.trace.jsonl`);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout.equals(readFileSync(join(root, cases, `${name}.expected`)))).toBe(true);
  });

  it("reports a malformed trace as PATH:LINE on stderr, exit 1, nothing on stdout", async () => {
    const path = `${cases}/malformed-first-wins.trace.jsonl`;
    const r = await probegen("trace", `${decls}/kinds.decl.json`, path, "--lang", "ts");
    expect(r.stdout.length).toBe(0);
    expect(r.stderr).toBe(`${path}:9: array "ll" has 1 key field, the key has 2\n`);
    expect(r.code).toBe(1);
  });

  it("reports an invalid declaration with its diagnostics, exit 1, nothing on stdout", async () => {
    const decl = join(tmp, "bad.decl.json");
    writeFileSync(decl, '{ "module": "bad", "arrays": { "a": { "keys": { "k": "long" }, "value": "double" } } }\n');
    const trace = join(tmp, "ok.trace.jsonl");
    writeFileSync(trace, '{"op":"size","array":"a"}\n');
    const r = await probegen("trace", decl, trace);
    expect(r.stdout.length).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`^${decl.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:1:\\d+: error PG\\d{4}: `));
    expect(r.code).toBe(1);
  });

  it("refuses a trace that is not UTF-8 at the line holding the bad byte", async () => {
    const trace = join(tmp, "latin1.trace.jsonl");
    writeFileSync(trace, Buffer.concat([Buffer.from('{"op":"size","array":"foo"}\n{"op":"printf","format":"'), Buffer.from([0xe9]), Buffer.from('"}\n')]));
    const r = await probegen("trace", `${decls}/demo.decl.json`, trace);
    expect(r.stdout.length).toBe(0);
    expect(r.stderr).toBe(`${trace}:2: not valid UTF-8\n`);
    expect(r.code).toBe(1);
  });
});
