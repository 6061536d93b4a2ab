/**
 * Runs a probe-module script in a child Node.js process. Node 20 does not run TypeScript, so
 * the script's TypeScript imports (and theirs, transitively) are transpiled into a temporary
 * directory that mirrors the repository layout; the script itself is plain ESM JavaScript
 * placed at `test/probe-module/` in that mirror.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

function transpileClosure(entries: readonly string[], outRoot: string): void {
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(file, "utf8");
    for (const { fileName } of ts.preProcessFile(source, true, true).importedFiles) {
      if (fileName.startsWith(".")) queue.push(resolve(dirname(file), fileName.replace(/\.js$/, ".ts")));
    }
    const js = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 },
    }).outputText;
    const out = join(outRoot, relative(repo, file)).replace(/\.ts$/, ".js");
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, js);
  }
}

export interface ChildResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `script` (ESM JS; import `../../runtime-core/module.js` and `./fake-arrays.js`). */
export function runChildScript(script: string, timeoutMs = 20_000): ChildResult {
  const root = mkdtempSync(join(tmpdir(), "probe-module-"));
  try {
    transpileClosure(
      [join(repo, "runtime-core/module.ts"), join(repo, "test/probe-module/fake-arrays.ts")],
      root,
    );
    writeFileSync(join(root, "package.json"), '{ "type": "module" }\n');
    const path = join(root, "test/probe-module/script.js");
    writeFileSync(path, script);
    const result = spawnSync(process.execPath, [path], { encoding: "utf8", timeout: timeoutMs });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
