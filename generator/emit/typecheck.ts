/**
 * Type-checks generated modules in memory, against the runtime's own declarations, before
 * anything is written. A failure here is a generator bug (PG9001), never the user's.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { Project, ts } from "ts-morph";

export interface GeneratedFile {
  readonly path: string;
  readonly text: string;
}

/** The runtime's declarations: dist/runtime-core/*.d.ts when built, else the TS sources. */
function runtimeFiles(): { root: string; files: string[] } {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const built = join(dir, "runtime-core", "index.d.ts");
    const source = join(dir, "runtime-core", "index.ts");
    if (existsSync(built) || existsSync(source)) {
      const root = join(dir, "runtime-core");
      const ext = existsSync(built) ? ".d.ts" : ".ts";
      const files: string[] = [];
      const walk = (d: string): void => {
        for (const f of readdirSync(d).sort()) {
          const p = join(d, f);
          if (statSync(p).isDirectory()) walk(p);
          else if (f.endsWith(ext) && (ext === ".d.ts" || !f.endsWith(".d.ts"))) files.push(p);
        }
      };
      walk(root);
      return { root, files };
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error("probegen: runtime-core not found next to the generator");
    dir = parent;
  }
}

let fingerprint: string | null = null;

/** A digest of the runtime declarations generated code is checked against. */
export function runtimeFingerprint(): string {
  if (fingerprint !== null) return fingerprint;
  const runtime = runtimeFiles();
  const h = createHash("sha256");
  for (const f of runtime.files) h.update(relative(runtime.root, f)).update("\0").update(readFileSync(f)).update("\0");
  fingerprint = h.digest("hex");
  return fingerprint;
}

/** Returns the error messages (empty when the files type-check), formatted with file:line:col. */
export function typecheck(files: readonly GeneratedFile[]): string[] {
  const runtime = runtimeFiles();
  const project = new Project({
    useInMemoryFileSystem: true,
    compilerOptions: {
      strict: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ["lib.es2022.d.ts"],
      types: [],
      skipLibCheck: true,
      noEmit: true,
      paths: { "probegen/runtime": ["/runtime/index"] },
    },
  });
  for (const f of runtime.files) {
    project.createSourceFile("/runtime/" + relative(runtime.root, f).split("\\").join("/"), readFileSync(f, "utf8"));
  }
  const generated = files.filter((f) => f.path.endsWith(".ts"));
  for (const f of generated) project.createSourceFile("/out/" + f.path, f.text);
  const errors: string[] = [];
  for (const d of project.getPreEmitDiagnostics()) {
    const sf = d.getSourceFile();
    if (sf === undefined || !sf.getFilePath().startsWith("/out/")) continue;
    if (d.getCategory() !== ts.DiagnosticCategory.Error) continue;
    const start = d.getStart() ?? 0;
    const { line, column } = sf.getLineAndColumnAtPos(start);
    const message = ts.flattenDiagnosticMessageText(d.compilerObject.messageText, "\n");
    errors.push(`${sf.getFilePath().slice(5)}:${line}:${column}: TS${d.getCode()}: ${message}`);
  }
  return errors;
}
