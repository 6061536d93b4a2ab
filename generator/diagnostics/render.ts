/**
 * Renders diagnostics as text, late and deterministically (esbuild / rustc style, no colours):
 *
 *     probes/netstat.decl.ts:12:7: error PG2003: array "bytes" has 10 keys; at most 9 are allowed
 *        12 |       keys: { a: "long", ... },
 *           |       ^~~~
 *           = help: did you mean "maxEntries"?
 *           = note: first written at 3:5
 *
 * Line and column are 1-based, the column in UTF-16 code units (as editors count). The gutter
 * is three spaces and the line number, so it grows with the line number. The marker is `^` at
 * the span's start and `~` under the rest of the span on that line (at least one `^`). The
 * marker line repeats the tabs of the source line so the caret stays aligned, and control
 * characters of the source line are shown as U+FFFD so a declaration cannot send escape
 * sequences to a terminal. Blocks are separated by a blank line; the result ends with a newline
 * ("" when there is nothing to report).
 *
 * Diagnostics are sorted by file, offset, length, code and message: the same input always
 * renders the same bytes. A diagnostic whose file is not among `sources` cannot be placed: it
 * is rendered as `file:1:1: ...` without a source line.
 */
import type { Diagnostic, SourceText } from "./diagnostic.js";
import { LineMap } from "./source-map.js";

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Total order used by the renderer and by `analyze` for its result. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    compareStrings(a.span.file, b.span.file) ||
    a.span.offset - b.span.offset ||
    a.span.length - b.span.length ||
    compareStrings(a.code, b.code) ||
    compareStrings(a.message, b.message)
  );
}

export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(compareDiagnostics);
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/g;

/** One line of text, without line breaks (messages are single lines by construction). */
function oneLine(text: string): string {
  return text.replace(CONTROL, "\uFFFD");
}

function renderOne(diagnostic: Diagnostic, maps: ReadonlyMap<string, LineMap>): string {
  const map = maps.get(diagnostic.span.file);
  const lines: string[] = [];
  let position = { line: 1, column: 1 };
  if (map !== undefined) position = map.position(diagnostic.span.offset);
  lines.push(
    `${oneLine(diagnostic.span.file)}:${position.line}:${position.column}: ${diagnostic.severity} ${diagnostic.code}: ${oneLine(diagnostic.message)}`,
  );
  const pad = " ".repeat(4 + String(position.line).length);
  if (map !== undefined) {
    const source = map.lineText(position.line);
    const before = source.slice(0, position.column - 1);
    const spanEnd = Math.min(position.column - 1 + Math.max(diagnostic.span.length, 0), source.length);
    const under = source.slice(position.column - 1, spanEnd);
    // Widths in code points so a surrogate pair takes one marker cell, as it takes one on screen.
    const indent = Array.from(before, (c) => (c === "\t" ? "\t" : " ")).join("");
    const width = Math.max(1, Array.from(under).length);
    lines.push(`   ${position.line} | ${oneLine(source)}`.trimEnd());
    lines.push(`${pad}| ${indent}^${"~".repeat(width - 1)}`);
  }
  if (diagnostic.suggestion !== undefined) lines.push(`${pad}= help: ${oneLine(diagnostic.suggestion)}`);
  for (const note of diagnostic.notes ?? []) lines.push(`${pad}= note: ${oneLine(note)}`);
  return lines.join("\n");
}

export function renderDiagnostics(diagnostics: readonly Diagnostic[], sources: readonly SourceText[]): string {
  if (diagnostics.length === 0) return "";
  const maps = new Map<string, LineMap>();
  for (const source of sources) if (!maps.has(source.path)) maps.set(source.path, new LineMap(source.text));
  return `${sortDiagnostics(diagnostics)
    .map((diagnostic) => renderOne(diagnostic, maps))
    .join("\n\n")}\n`;
}
