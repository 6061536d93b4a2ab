/**
 * `runTrace`: one declaration and one trace in, the exact stdout, stderr and exit status of
 * `probegen trace` out (trace.md). Pure apart from loading the generated module (see load.ts):
 * the CLI and the tests call the same function.
 *
 * Exit status: 0 ran (ProbeErrors are part of the output); 1 invalid declaration (its
 * diagnostics) or malformed trace (`PATH:LINE: message`), nothing on stdout; 2 the runtime is
 * not built; 70 internal error (a bug: the validated trace made the code throw something else).
 */
import type { SourceText } from "../diagnostics/diagnostic.js";
import { renderDiagnostics } from "../diagnostics/render.js";
import { analyze } from "../front.js";
import { executeTrace, TraceInternalError } from "./execute.js";
import { loadModule } from "./load.js";
import { validateTrace } from "./validate.js";

export interface TraceRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/** A message stays one line: control characters are written as JSON escapes. */
function oneLine(message: string): string {
  // eslint-disable-next-line no-control-regex
  return message.replace(/[\u0000-\u001f\u007f]/g, (c) => JSON.stringify(c).slice(1, -1).replace("\u007f", "\\u007f"));
}

export async function runTrace(declSource: SourceText, traceText: string, tracePath: string): Promise<TraceRun> {
  // The model alone (cheap) decides whether the trace is well formed: a malformed trace never
  // pays for generating the module.
  const { model, diagnostics } = analyze(declSource);
  if (model === null) return { stdout: "", stderr: renderDiagnostics(diagnostics, [declSource]), exitCode: 1 };
  const checked = validateTrace(model, traceText);
  if (!checked.ok) return { stdout: "", stderr: `${tracePath}:${checked.line}: ${oneLine(checked.message)}\n`, exitCode: 1 };
  const loaded = await loadModule(declSource);
  if (!loaded.ok) {
    if (loaded.kind === "declaration") return { stdout: "", stderr: renderDiagnostics(loaded.diagnostics, [declSource]), exitCode: 1 };
    return { stdout: "", stderr: `probegen trace: ${loaded.message}\n`, exitCode: 2 };
  }
  try {
    return { stdout: executeTrace(checked.ops, loaded.module), stderr: "", exitCode: 0 };
  } catch (e) {
    if (!(e instanceof TraceInternalError)) throw e;
    return { stdout: "", stderr: `probegen trace: internal error at ${tracePath}:${e.message}\n`, exitCode: 70 };
  }
}
