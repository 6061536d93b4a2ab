/** Identifier rules and "did you mean". */
import { describe, expect, test } from "vitest";
import { isIdentifier, nameProblem } from "../../generator/model/identifiers.js";
import { editDistance, suggest } from "../../generator/model/suggest.js";

describe("nameProblem", () => {
  test.each([
    ["pid", null],
    ["_x", null],
    ["a__b", null],
    ["type", null],
    ["get", null],
    ["of", null],
    ["string", null],
    ["time", null],
    ["a\"b", "syntax"],
    ["1abc", "syntax"],
    ["", "syntax"],
    ["café", "syntax"],
    ["a-b", "syntax"],
    ["__x", "generator-prefix"],
    ["class", "ecmascript-reserved"],
    ["static", "ecmascript-reserved"],
    ["let", "ecmascript-reserved"],
    ["yield", "ecmascript-reserved"],
    ["await", "ecmascript-reserved"],
    ["implements", "ecmascript-reserved"],
    ["eval", "ecmascript-restricted"],
    ["arguments", "ecmascript-restricted"],
    ["long", "c-keyword"],
    ["_Bool", "c-keyword"],
    ["restrict", "c-keyword"],
    ["int64_t", "c-header"],
    ["uint_fast16_t", "c-header"],
    ["INT64_MAX", "c-header"],
    ["PRId64", "c-header"],
    ["errno", "c-header"],
    ["ENOMEM", "c-header"],
    ["bool", "c-header"],
    ["NULL", "c-header"],
    ["stdin", "c-header"],
    ["size_t", "c-header"],
  ])("%j -> %s", (name, kind) => {
    expect(nameProblem(name)?.kind ?? null).toBe(kind);
    expect(isIdentifier(name)).toBe(kind === null);
  });
});

describe("suggest", () => {
  test("edit distance counts an adjacent transposition as one step", () => {
    expect(editDistance("lnog", "long")).toBe(1);
    expect(editDistance("strng", "string")).toBe(1);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("kitten", "sitting")).toBe(3);
  });

  test("offers the closest candidate, case-insensitively, only when it is close", () => {
    const fields = ["keys", "value", "maxEntries", "maxStringLength", "onFull", "display", "growLimit"];
    expect(suggest("maxEntires", fields)).toBe("maxEntries");
    expect(suggest("onfull", fields)).toBe("onFull");
    expect(suggest("key", fields)).toBe("keys");
    expect(suggest("colour", fields)).toBeUndefined();
    expect(suggest("x", ["long", "string"])).toBeUndefined();
    expect(suggest("lnog", ["long", "string"])).toBe("long");
    expect(suggest("lur", ["fail", "wrap", "drop", "lru", "grow"])).toBe("lru");
    expect(suggest("long", ["long"])).toBeUndefined();
  });
});
