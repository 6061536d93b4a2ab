/** The text format of diagnostics, and the offset -> line/column mapping under it. */
import { describe, expect, test } from "vitest";
import { createDiagnostic } from "../../generator/diagnostics/codes.js";
import type { Diagnostic } from "../../generator/diagnostics/diagnostic.js";
import { renderDiagnostics } from "../../generator/diagnostics/render.js";
import { LineMap } from "../../generator/diagnostics/source-map.js";

describe("LineMap", () => {
  test("counts lines after \\n, \\r\\n and a lone \\r, columns in UTF-16 units", () => {
    const map = new LineMap("ab\ncd\r\nef\rg😀h");
    expect(map.position(0)).toEqual({ line: 1, column: 1 });
    expect(map.position(2)).toEqual({ line: 1, column: 3 });
    expect(map.position(3)).toEqual({ line: 2, column: 1 });
    expect(map.position(7)).toEqual({ line: 3, column: 1 });
    expect(map.position(10)).toEqual({ line: 4, column: 1 });
    // "😀" is two code units: "h" is at column 4.
    expect(map.position(13)).toEqual({ line: 4, column: 4 });
    expect(map.lineCount).toBe(4);
    expect([1, 2, 3, 4].map((line) => map.lineText(line))).toEqual(["ab", "cd", "ef", "g😀h"]);
  });

  test("clamps offsets outside the text", () => {
    const map = new LineMap("a\nb");
    expect(map.position(-5)).toEqual({ line: 1, column: 1 });
    expect(map.position(99)).toEqual({ line: 2, column: 2 });
    expect(map.position(Number.NaN)).toEqual({ line: 1, column: 1 });
    expect(map.lineText(0)).toBe("");
    expect(map.lineText(3)).toBe("");
  });
});

const file = "probes/netstat.decl.ts";
function at(text: string, needle: string, length = needle.length): { file: string; offset: number; length: number } {
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`${needle} not in text`);
  return { file, offset, length };
}

describe("renderDiagnostics", () => {
  const lines = Array.from({ length: 11 }, () => "");
  lines.push('      keys: { a: "long" },', "    maxEntires: 3,");
  const text = `${lines.join("\n")}\n`;

  test("prints position, code, source line and a caret under the span, as declaration.md shows", () => {
    const diagnostic = createDiagnostic("PG2003", at(text, "keys"), 'array "bytes" has 10 keys; at most 9 are allowed');
    expect(renderDiagnostics([diagnostic], [{ path: file, text }])).toBe(
      [
        'probes/netstat.decl.ts:12:7: error PG2003: array "bytes" has 10 keys; at most 9 are allowed',
        '   12 |       keys: { a: "long" },',
        "      |       ^~~~",
        "",
      ].join("\n"),
    );
  });

  test("adds help and notes, sorts by position, separates blocks by a blank line", () => {
    const late = createDiagnostic("PG2001", at(text, "maxEntires"), 'unknown field "maxEntires" in array "bytes"', {
      suggestion: 'did you mean "maxEntries"?',
      notes: ["a note"],
    });
    const early = createDiagnostic("PG2002", { file, offset: 0, length: 0 }, "first");
    expect(renderDiagnostics([late, early], [{ path: file, text }])).toBe(
      [
        "probes/netstat.decl.ts:1:1: error PG2002: first",
        "   1 |",
        "     | ^",
        "",
        'probes/netstat.decl.ts:13:5: error PG2001: unknown field "maxEntires" in array "bytes"',
        "   13 |     maxEntires: 3,",
        "      |     ^~~~~~~~~~",
        '      = help: did you mean "maxEntries"?',
        "      = note: a note",
        "",
      ].join("\n"),
    );
  });

  test("keeps tabs in the marker line and cuts a multi-line span at the end of its first line", () => {
    const source = "\tname: {\n  x\n}";
    const diagnostic = createDiagnostic("PG2002", { file, offset: 1, length: source.length - 1 }, "m");
    expect(renderDiagnostics([diagnostic], [{ path: file, text: source }])).toBe(
      ["probes/netstat.decl.ts:1:2: error PG2002: m", "   1 | \tname: {", "     | \t^~~~~~~", ""].join("\n"),
    );
  });

  test("never prints control characters from the source or the message", () => {
    const source = 'a: "\u001b[31m"';
    const diagnostic = createDiagnostic("PG2002", { file, offset: 0, length: 1 }, "bad\nmessage");
    const out = renderDiagnostics([diagnostic], [{ path: file, text: source }]);
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(out.split("\n")[0]).toBe("probes/netstat.decl.ts:1:1: error PG2002: bad\uFFFDmessage");
  });

  test("renders a diagnostic of an unknown file without a source line, and nothing for no diagnostics", () => {
    const diagnostic: Diagnostic = createDiagnostic("PG9001", { file: "elsewhere.ts", offset: 40, length: 2 }, "lost");
    expect(renderDiagnostics([diagnostic], [])).toBe("elsewhere.ts:1:1: error PG9001: lost\n");
    expect(renderDiagnostics([], [{ path: file, text }])).toBe("");
  });
});
