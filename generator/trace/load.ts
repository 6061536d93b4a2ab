/**
 * Turns a validated declaration into live arrays: generates the TS module in memory, transpiles
 * each file (ts.transpileModule, ESNext modules, ES2022), points the runtime import at the BUILT
 * runtime (dist/runtime-core/index.js: Node cannot import the TypeScript sources), writes the
 * files into a fresh temporary folder, imports them, and removes the folder (an imported module
 * stays in memory).
 *
 * The runtime is imported by the same URL as the generated code imports it, so the runner and
 * the arrays share one instance (`instanceof ProbeError` holds). Loaded modules are cached per
 * declaration text: `createArrays()` gives fresh arrays for every trace.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ts } from "ts-morph";
import type { SourceText } from "../diagnostics/diagnostic.js";
import { DEFAULT_RUNTIME_MODULE, generate } from "../index.js";
import type { ModuleModel } from "../model/model.js";

/** The runtime as the generated code sees it. */
export type Runtime = typeof import("../../runtime-core/index.js");

export interface LoadedModule {
  readonly model: ModuleModel;
  readonly createArrays: () => Record<string, unknown>;
  readonly runtime: Runtime;
}

/** Why there is no module: the declaration's diagnostics, or a problem of the environment. */
export type LoadResult =
  | { readonly ok: true; readonly module: LoadedModule }
  | { readonly ok: false; readonly kind: "declaration"; readonly diagnostics: import("../diagnostics/diagnostic.js").Diagnostic[] }
  | { readonly ok: false; readonly kind: "environment"; readonly message: string };

/** Thrown when the built runtime cannot be found. */
export class RuntimeNotBuiltError extends Error {}

/**
 * dist/runtime-core/index.js of the package this file belongs to. The runner runs from
 * dist/generator/trace/ (the CLI) and from generator/trace/ (vitest), so walk up to the folder
 * holding package.json and look in its dist.
 */
export function builtRuntimePath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "package.json"))) {
      const runtime = join(dir, "dist", "runtime-core", "index.js");
      if (!existsSync(runtime))
        throw new RuntimeNotBuiltError(`the runtime is not built (${runtime} is missing); run \`npm run build\` first`);
      return runtime;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new RuntimeNotBuiltError("cannot find the probegen package (no package.json above the trace runner)");
    dir = parent;
  }
}

const RUNTIME_IMPORT = new RegExp(`(\\bfrom\\s*|\\bimport\\s*\\(\\s*|\\bimport\\s+)"${DEFAULT_RUNTIME_MODULE.replace("/", "\\/")}"`, "g");

function transpile(text: string, fileName: string, runtimeUrl: string): string {
  const out = ts.transpileModule(text, {
    fileName,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: false },
  }).outputText;
  return out.replace(RUNTIME_IMPORT, (_m, lead: string) => `${lead}${JSON.stringify(runtimeUrl)}`);
}

const cache = new Map<string, Promise<LoadResult>>();

async function loadUncached(decl: SourceText): Promise<LoadResult> {
  const result = await generate(decl, { sourceLabel: decl.path, typecheck: false });
  if (result.model === null) return { ok: false, kind: "declaration", diagnostics: result.diagnostics };
  let runtimePath: string;
  try {
    runtimePath = builtRuntimePath();
  } catch (e) {
    if (e instanceof RuntimeNotBuiltError) return { ok: false, kind: "environment", message: e.message };
    throw e;
  }
  const runtimeUrl = pathToFileURL(runtimePath).href;
  const dir = mkdtempSync(join(tmpdir(), "probegen-trace-"));
  try {
    writeFileSync(join(dir, "package.json"), '{"type":"module"}\n');
    for (const f of result.files) {
      writeFileSync(join(dir, f.path.replace(/\.ts$/, ".js")), transpile(f.text, f.path, runtimeUrl));
    }
    const index = (await import(/* @vite-ignore */ pathToFileURL(join(dir, "index.js")).href)) as {
      createArrays?: () => Record<string, unknown>;
    };
    if (typeof index.createArrays !== "function") throw new Error("the generated index.js exports no createArrays()");
    const runtime = (await import(/* @vite-ignore */ runtimeUrl)) as Runtime;
    return { ok: true, module: { model: result.model, createArrays: index.createArrays, runtime } };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The loaded module of a declaration (cached by path and text). */
export function loadModule(decl: SourceText): Promise<LoadResult> {
  const id = `${decl.path}\0${decl.text}`;
  let p = cache.get(id);
  if (p === undefined) {
    p = loadUncached(decl);
    cache.set(id, p);
    // A failure of the environment (say, dist built meanwhile) must not stick.
    p.then(
      (r) => {
        if (!r.ok && r.kind === "environment") cache.delete(id);
      },
      () => cache.delete(id),
    );
  }
  return p;
}
