/**
 * Backtraces: capture (cheap, structured, in stack-ids.ts, re-exported here) and printing.
 *
 * Guarantees:
 * - Capturing never formats: frames keep V8's raw positions; everything below runs only when a
 *   backtrace is printed.
 * - `formatBacktrace` prints one frame per line, innermost first:
 *   ` <function> at <file>:<line>:<column> [<package>]` (SystemTap's `print_ubacktrace_fileline`
 *   shape: leading space, `at file:line`, module in brackets). `file` is a path (ES module URLs
 *   are turned into paths; `node:` ids stay as they are). The bracket is left out when no
 *   package is known; ` at ...` is left out for frames without a file (builtins).
 * - Positions are mapped to the original source (e.g. the .ts file) when Node has a source map
 *   for the file: Node keeps source maps only for modules loaded while source maps are enabled,
 *   i.e. when the process runs with `--enable-source-maps` or after
 *   `process.setSourceMapsEnabled(true)` was called before those modules were loaded. Without
 *   a source map the generated position is printed.
 * - The package is the nearest `node_modules/<name>` (or `@scope/name`) in the path, else the
 *   `name` of the nearest package.json above the file (read once per directory), `node` for
 *   Node's own modules.
 * - `sprintBacktrace` is the string form: the same lines without the leading space, as many
 *   whole lines as fit in `maxLength` bytes (the string limit); if not even the first fits, the
 *   first line cut to `maxLength` bytes of UTF-8.
 */
import { readFileSync } from "node:fs";
import { findSourceMap, type SourceMap } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { StackFrame } from "./stack-ids.js";
import { truncateUtf8, utf8Length } from "./strings.js";

export * from "./stack-ids.js";

/** A frame as printed: original position when a source map has it. */
export interface ResolvedFrame {
  readonly functionName: string;
  /** A path (or `node:` id); "" for frames without a file. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** True when the position comes from a source map. */
  readonly mapped: boolean;
  readonly package: string | undefined;
}

/** The default string limit for `sprintBacktrace` (the declaration default `maxStringLength`). */
export const DEFAULT_BACKTRACE_STRING_LENGTH = 128;

const sourceMaps = new Map<string, SourceMap | null>();
const packageByDir = new Map<string, string | null>();

function sourceMapFor(fileName: string): SourceMap | null {
  let sm = sourceMaps.get(fileName);
  if (sm === undefined) {
    try {
      sm = findSourceMap(fileName) ?? null;
    } catch {
      sm = null;
    }
    sourceMaps.set(fileName, sm);
  }
  return sm;
}

function toPath(fileOrUrl: string): string {
  if (!fileOrUrl.startsWith("file:")) return fileOrUrl;
  try {
    return fileURLToPath(fileOrUrl);
  } catch {
    return fileOrUrl;
  }
}

function packageOf(path: string): string | undefined {
  if (path.startsWith("node:")) return "node";
  if (!path.startsWith("/") && !/^[A-Za-z]:[\\/]/.test(path)) return undefined;
  const nm = path.lastIndexOf("/node_modules/");
  if (nm >= 0) {
    const parts = path.slice(nm + "/node_modules/".length).split("/");
    const name = parts[0]?.startsWith("@") ? `${parts[0]}/${parts[1] ?? ""}` : parts[0];
    if (name) return name;
  }
  return nearestPackageName(dirname(path)) ?? undefined;
}

function nearestPackageName(dir: string): string | null {
  const cached = packageByDir.get(dir);
  if (cached !== undefined) return cached;
  let name: string | null = null;
  try {
    const parsed: unknown = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    if (parsed && typeof parsed === "object" && "name" in parsed && typeof parsed.name === "string") name = parsed.name;
  } catch {
    const parent = dirname(dir);
    name = parent === dir ? null : nearestPackageName(parent);
  }
  packageByDir.set(dir, name);
  return name;
}

/** The frame's printable position: source-mapped when possible, with its package. */
export function resolveFrame(frame: StackFrame): ResolvedFrame {
  let file = frame.fileName;
  let line = frame.line;
  let column = frame.column;
  let mapped = false;
  if (file !== "" && line > 0) {
    const sm = sourceMapFor(file);
    if (sm !== null) {
      const entry = sm.findEntry(line - 1, Math.max(0, column - 1));
      if ("originalSource" in entry) {
        file = entry.originalSource;
        line = entry.originalLine + 1;
        column = entry.originalColumn + 1;
        mapped = true;
      }
    }
  }
  const path = toPath(file);
  return { functionName: frame.functionName, file: path, line, column, mapped, package: path ? packageOf(path) : undefined };
}

function frameText(frame: StackFrame): string {
  const r = resolveFrame(frame);
  let text = r.functionName;
  if (r.file !== "") text += r.line > 0 ? ` at ${r.file}:${r.line}:${r.column}` : ` at ${r.file}`;
  if (r.package !== undefined) text += ` [${r.package}]`;
  return text;
}

/** One printed frame, without a newline: ` fn at file:line:col [package]`. */
export function formatFrame(frame: StackFrame): string {
  return " " + frameText(frame);
}

/** The print form: one frame per line, each ending in a newline. */
export function formatBacktrace(frames: readonly StackFrame[]): string {
  let out = "";
  for (const f of frames) out += formatFrame(f) + "\n";
  return out;
}

/** The string form, at most `maxLength` bytes; see the module comment. */
export function sprintBacktrace(frames: readonly StackFrame[], maxLength: number = DEFAULT_BACKTRACE_STRING_LENGTH): string {
  let out = "";
  let bytes = 0;
  for (const f of frames) {
    const line = frameText(f) + "\n";
    const n = utf8Length(line);
    if (bytes + n > maxLength) return out === "" ? truncateUtf8(line, maxLength) : out;
    out += line;
    bytes += n;
  }
  return out;
}
