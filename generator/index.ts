/**
 * probegen's pure core: declaration text in, generated files and diagnostics out. No disk,
 * no process exit (the CLI in cli/ does those).
 *
 *   read + check (front.ts) -> plan (plan/) -> render (render/) -> format + typecheck (emit/)
 */
import type { Diagnostic, SourceText } from "./diagnostics/diagnostic.js";
import { startFormatting } from "./emit/format-all.js";
import { PRETTIER_FINGERPRINT } from "./emit/format.js";
import { memoKey, type Memo } from "./emit/memo.js";
import { preamble } from "./emit/preamble.js";
import { runtimeFingerprint, typecheck, type GeneratedFile } from "./emit/typecheck.js";
import { analyze } from "./front.js";
import type { ModuleModel } from "./model/model.js";
import { planModule, type ModulePlan } from "./plan/plan.js";
import { renderModule } from "./render/render.js";

export type { Diagnostic, SourceText } from "./diagnostics/diagnostic.js";
export type { GeneratedFile } from "./emit/typecheck.js";

export interface GenerateOptions {
  /** How the header names the declaration: its path relative to the output folder, `/` separated. */
  readonly sourceLabel: string;
  /** Module specifier generated code imports the runtime from. */
  readonly runtimeModule?: string;
  /** Type-check the output in memory (on by default; `--check` skips it: the files on disk were checked when written). */
  readonly typecheck?: boolean;
  /** Remembers prettier and type-check results by exact input (see emit/memo.ts). */
  readonly memo?: Memo;
}

export interface GenerateResult {
  readonly files: GeneratedFile[];
  readonly diagnostics: Diagnostic[];
  readonly model: ModuleModel | null;
  readonly plan: ModulePlan | null;
  /** Internal errors (generator bugs): type errors in the output. */
  readonly internalErrors: string[];
}

export const DEFAULT_RUNTIME_MODULE = "probegen/runtime";
const MODULE_SPECIFIER = /^[A-Za-z0-9@._/-]+$/;

export function isValidRuntimeModule(specifier: string): boolean {
  return MODULE_SPECIFIER.test(specifier) && !specifier.includes("..");
}

export async function generate(source: SourceText, options: GenerateOptions): Promise<GenerateResult> {
  const runtimeModule = options.runtimeModule ?? DEFAULT_RUNTIME_MODULE;
  if (!isValidRuntimeModule(runtimeModule)) throw new Error(`invalid runtime module specifier: ${JSON.stringify(runtimeModule)}`);
  const { model, diagnostics } = analyze(source);
  if (model === null) return { files: [], diagnostics, model: null, plan: null, internalErrors: [] };
  const plan = planModule(model, options.sourceLabel);
  const raw = renderModule(plan, runtimeModule);
  const shapes = new Map(plan.arrays.map((a) => [a.fileName, a.shape]));
  const memo = options.memo;
  const unformatted: GeneratedFile[] = raw.map((f) => ({
    path: f.path,
    text: preamble(options.sourceLabel, shapes.get(f.path) ?? null) + f.text,
  }));
  const keys = unformatted.map((f) => memoKey("format", PRETTIER_FINGERPRINT, f.text));
  const cached = keys.map((k) => memo?.get(k));
  const todo = unformatted.filter((_, i) => cached[i] === undefined);
  // Formatting (possibly on a worker) and type-checking (on this thread) overlap; type errors
  // do not depend on layout, so the check reads the unformatted text.
  // While this thread type-checks, the worker formats everything (measured: splitting the
  // formatting between both threads is slower, the two vCPUs here contend); without a
  // type-check the two threads share the formatting.
  const formatting = startFormatting(
    todo.map((f) => f.text),
    options.typecheck === false ? 0.5 : 1,
  );
  let internalErrors: string[] = [];
  if (options.typecheck !== false) {
    const key = memoKey("typecheck", runtimeFingerprint(), ...unformatted.flatMap((f) => [f.path, f.text]));
    if (memo?.get(key) !== "ok") {
      internalErrors = typecheck(unformatted);
      if (internalErrors.length === 0) memo?.set(key, "ok");
    }
  }
  const formatted = await formatting.finish();
  let next = 0;
  const files = unformatted.map((f, i) => {
    let text = cached[i];
    if (text === undefined) {
      text = formatted[next++]!;
      memo?.set(keys[i]!, text);
    }
    return { path: f.path, text };
  });
  return { files, diagnostics, model, plan, internalErrors };
}
