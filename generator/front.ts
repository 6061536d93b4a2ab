/**
 * The generator's front end: one declaration text -> the validated ModuleModel, or the
 * diagnostics that say why there is none. Pure: no file system, no process exit, and it never
 * throws: a failure of the front end itself is reported as PG9001 rather than escaping.
 *
 * The format follows the file name: `.ts` / `.mts` TypeScript (read statically), `.json` JSON.
 * Reading errors (PG1xxx) and checking errors (PG2xxx) of one run are reported together
 * whenever the reader could still make sense of the file; a syntax error stops at reading.
 * `model` is null exactly when an error is reported; the model is deeply frozen. Diagnostics
 * come sorted by position.
 */
import { createDiagnostic } from "./diagnostics/codes.js";
import type { Diagnostic, SourceText } from "./diagnostics/diagnostic.js";
import { sortDiagnostics } from "./diagnostics/render.js";
import { readJson, type ReadResult } from "./declaration/read-json.js";
import { readTs } from "./declaration/read-ts.js";
import { check } from "./model/check.js";
import type { ModuleModel } from "./model/model.js";

export interface AnalyzeResult {
  readonly model: ModuleModel | null;
  readonly diagnostics: Diagnostic[];
}

const READERS: ReadonlyArray<readonly [extension: string, read: (source: SourceText) => ReadResult]> = [
  [".mts", readTs],
  [".ts", readTs],
  [".json", readJson],
];

function analyzeUnsafe(source: SourceText): AnalyzeResult {
  const reader = READERS.find(([extension]) => source.path.endsWith(extension));
  if (reader === undefined) {
    const span = { file: source.path, offset: 0, length: 0 };
    const message = `cannot tell the format of ${JSON.stringify(source.path)}: a declaration file name ends with .ts, .mts or .json`;
    return { model: null, diagnostics: [createDiagnostic("PG1001", span, message)] };
  }
  const read = reader[1](source);
  if (read.document === null) return { model: null, diagnostics: sortDiagnostics(read.diagnostics) };
  const checked = check(read.document, source);
  const diagnostics = sortDiagnostics([...read.diagnostics, ...checked.diagnostics]);
  const failed = diagnostics.some((diagnostic) => diagnostic.severity === "error");
  return { model: failed ? null : checked.model, diagnostics };
}

export function analyze(source: SourceText): AnalyzeResult {
  try {
    return analyzeUnsafe(source);
  } catch (error) {
    const span = { file: source.path, offset: 0, length: 0 };
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return {
      model: null,
      diagnostics: [
        createDiagnostic("PG9001", span, `internal error while reading the declaration: ${detail}`, {
          notes: ["this is a bug in probegen; please report it with the declaration file"],
        }),
      ],
    };
  }
}
