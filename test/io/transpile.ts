// Child processes in these tests run plain Node, which cannot load the TypeScript sources:
// transpile the runtime files they need into a temp dir, keeping the repo's relative layout.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const repo = fileURLToPath(new URL("../../", import.meta.url));

/** Transpiles each repo-relative `.ts` file to `<outDir>/<same path>.js`. */
export function transpileRuntime(files: readonly string[], outDir: string): void {
  for (const file of files) {
    const source = readFileSync(join(repo, file), "utf8");
    const out = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      fileName: file,
    });
    const dest = join(outDir, relative(".", file).replace(/\.ts$/, ".js"));
    mkdirSync(dirname(dest), { recursive: true });
    writeFileSync(dest, out.outputText);
  }
}
