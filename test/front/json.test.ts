/**
 * The JSON reader accepts exactly what JSON.parse accepts (plus a leading byte-order mark,
 * minus nesting deeper than MAX_JSON_DEPTH) and reads the same values, with the span of every
 * node pointing at its text.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { MAX_JSON_DEPTH, readJson } from "../../generator/declaration/read-json.js";
import type { RawNode } from "../../generator/declaration/raw.js";

function toValue(node: RawNode): unknown {
  switch (node.kind) {
    case "string":
    case "boolean":
      return node.value;
    case "number":
      return node.value;
    case "null":
      return null;
    case "array":
      return node.elements.map(toValue);
    case "object": {
      const out: Record<string, unknown> = {};
      for (const p of node.properties) {
        Object.defineProperty(out, p.key, { value: toValue(p.value), enumerable: true, configurable: true, writable: true });
      }
      return out;
    }
    default:
      throw new Error(`unexpected ${node.kind}`);
  }
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function checkSpans(node: RawNode, text: string): void {
  const slice = text.slice(node.span.offset, node.span.offset + node.span.length);
  if (node.kind === "string") expect(JSON.parse(slice)).toBe(node.value);
  if (node.kind === "number") expect(slice).toBe(node.text);
  if (node.kind === "array") {
    expect(slice.startsWith("[") && slice.endsWith("]")).toBe(true);
    node.elements.forEach((e) => checkSpans(e, text));
  }
  if (node.kind === "object") {
    expect(slice.startsWith("{") && slice.endsWith("}")).toBe(true);
    for (const p of node.properties) {
      expect(JSON.parse(text.slice(p.keySpan.offset, p.keySpan.offset + p.keySpan.length))).toBe(p.key);
      checkSpans(p.value, text);
    }
  }
}

/** A JSON text with one character deleted, duplicated or replaced. */
const mutatedJson = fc
  .tuple(fc.json({ maxDepth: 3 }), fc.nat(), fc.constantFrom("delete", "duplicate", "replace"), fc.constantFrom(..." ,:{}[]\"\\0123456789-+.eEtruefalsn/x\t\n\u0000\ud800"))
  .map(([text, at, how, c]) => {
    const i = text.length === 0 ? 0 : at % text.length;
    if (how === "delete") return text.slice(0, i) + text.slice(i + 1);
    if (how === "duplicate") return text.slice(0, i + 1) + text.slice(i);
    return text.slice(0, i) + c + text.slice(i + 1);
  });

describe("readJson", () => {
  test("reads what JSON.parse reads, spans included", () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 4 }), (text) => {
        const result = readJson({ path: "x.json", text });
        expect(result.diagnostics).toEqual([]);
        expect(result.document).not.toBeNull();
        const root = (result.document as { root: RawNode }).root;
        expect(toValue(root)).toEqual(JSON.parse(text));
        checkSpans(root, text);
      }),
      { numRuns: 200 },
    );
  });

  test("accepts exactly what JSON.parse accepts; errors point inside the text", () => {
    fc.assert(
      fc.property(fc.oneof(mutatedJson, fc.string({ maxLength: 30 }), fc.string({ unit: fc.constantFrom(..."{}[]\",:0-1e.tn ") })), (text) => {
        const result = readJson({ path: "x.json", text });
        expect(result.document !== null).toBe(parses(text.replace(/^\ufeff/, "")));
        for (const d of result.diagnostics) {
          expect(d.code).toBe("PG1003");
          expect(d.span.offset).toBeGreaterThanOrEqual(0);
          expect(d.span.offset + d.span.length).toBeLessThanOrEqual(text.length);
        }
      }),
      { numRuns: 400 },
    );
  });

  test("keeps duplicate keys, exact number text and \\u escapes", () => {
    const text = '\ufeff{"a": 1, "a": 9007199254740993, "__proto__": "x\\u00e9\\n"}';
    const root = readJson({ path: "x.json", text }).document?.root;
    expect(root?.kind).toBe("object");
    if (root?.kind !== "object") return;
    expect(root.properties.map((p) => p.key)).toEqual(["a", "a", "__proto__"]);
    expect(root.properties[1]?.value).toMatchObject({ kind: "number", text: "9007199254740993" });
    expect(root.properties[2]?.value).toMatchObject({ kind: "string", value: "x\u00e9\n" });
  });

  test("reports nesting beyond the limit as PG1008 instead of overflowing the stack", () => {
    const deep = "[".repeat(100_000) + "]".repeat(100_000);
    const result = readJson({ path: "x.json", text: deep });
    expect(result.diagnostics.map((d) => d.code)).toEqual(["PG1008"]);
    expect(result.diagnostics[0]?.span.offset).toBe(MAX_JSON_DEPTH);
    expect(readJson({ path: "x.json", text: "[".repeat(MAX_JSON_DEPTH) + "]".repeat(MAX_JSON_DEPTH) }).diagnostics).toEqual([]);
  });
});
