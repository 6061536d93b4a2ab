/**
 * runTrace and the trace reader beyond what the conformance traces pin: line endings, the exact
 * reading of JSON numbers as longs, JSON syntax errors with their columns, defaults, and an
 * invalid declaration.
 */
import { describe, expect, it } from "vitest";
import { renderDiagnostics } from "../../generator/diagnostics/render.js";
import { analyze } from "../../generator/front.js";
import { jsonInteger, parseJsonLine } from "../../generator/trace/json.js";
import { runTrace } from "../../generator/trace/run.js";
import { isIgnoredLine } from "../../generator/trace/validate.js";

const decl = {
  path: "t.decl.json",
  text: '{ "module": "t", "arrays": { "n": { "keys": { "k": "long" }, "value": "long" }, "s": { "keys": { "k": "string" }, "value": { "stats": {} } } } }',
};

describe("runTrace", () => {
  it("accepts CRLF line endings, a last line without a newline and white-space-only lines", async () => {
    const trace = '{"op":"set","array":"n","key":[1],"value":2}\r\n \f\v\t\r\n{"op":"get","array":"n","key":[1]}';
    expect(await runTrace(decl, trace, "t.jsonl")).toEqual({ stdout: "2\n", stderr: "", exitCode: 0 });
  });

  it("defaults foreach args to [] and treats a limit beyond 2^53 as no limit", async () => {
    const trace = [
      '{"op":"add","array":"s","key":["a"],"value":1}',
      '{"op":"add","array":"s","key":["b"],"value":1}',
      '{"op":"foreach","array":"s","format":"-\\n"}',
      '{"op":"foreach","array":"s","format":"%s\\n","args":["key1"],"limit":1e20}',
    ].join("\n");
    expect(await runTrace(decl, trace, "t.jsonl")).toEqual({ stdout: "-\n-\na\nb\n", stderr: "", exitCode: 0 });
  });

  it("keeps going after an operation raises, printing ERROR lines in order", async () => {
    const trace = ['{"op":"stat","array":"s","key":["x"],"fn":"max"}', '{"op":"printf","format":"after\\n"}'].join("\n");
    expect((await runTrace(decl, trace, "t.jsonl")).stdout).toBe("ERROR: empty aggregate\nafter\n");
  });

  it("reports an invalid declaration with its rendered diagnostics and nothing on stdout", async () => {
    const bad = { path: "bad.decl.json", text: '{ "module": "bad", "arrays": { "a": { "keys": {}, "value": "long" } } }' };
    const run = await runTrace(bad, '{"op":"size","array":"a"}\n', "t.jsonl");
    const { diagnostics } = analyze(bad);
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(run).toEqual({ stdout: "", stderr: renderDiagnostics(diagnostics, [bad]), exitCode: 1 });
  });

  it("checks the whole trace before running any of it", async () => {
    const trace = ['{"op":"printf","format":"ran\\n"}', '{"op":"get","array":"n","key":["x"]}'].join("\n");
    expect(await runTrace(decl, trace, "dir/t.jsonl")).toEqual({
      stdout: "",
      stderr: 'dir/t.jsonl:2: key field 1 (k) of array "n": "x" is not a long (decimal digits with an optional leading \'-\')\n',
      exitCode: 1,
    });
  });
});

describe("trace lines", () => {
  it.each([
    ["1", 1n],
    ["-0", 0n],
    ["1.0", 1n],
    ["1e3", 1000n],
    ["1E+3", 1000n],
    ["100e-2", 1n],
    ["-12.500e1", -125n],
    ["0.0e5", 0n],
    ["9007199254740993", 9007199254740993n],
    ["1.5", "fraction"],
    ["0.99999999999999999", "fraction"],
    ["1e-400", "fraction"],
    ["1e30", "huge"],
    ["1e999999999", "huge"],
  ] as const)("reads the JSON number %s exactly", (raw, want) => {
    expect(jsonInteger(raw)).toBe(want);
  });

  it.each([
    ['{"a":1', "invalid JSON at column 7: expected ',' or '}', found end of line"],
    ['{"a":01}', "invalid JSON at column 6: invalid number"],
    ["{'a':1}", "invalid JSON at column 2: expected a field name, found character \"'\""],
    ['{"a":"\\x"}', "invalid JSON at column 7: invalid escape in a string"],
    ['{"a":"\t"}', "invalid JSON at column 7: control character in a string (escape it)"],
    ['{"a":"\\udc00\\ud800"}', "invalid JSON at column 6: lone surrogate in a string (it has no UTF-8 form)"],
    ['{"a":tru}', 'invalid JSON at column 6: unexpected character "t"'],
    ["[1,]", 'invalid JSON at column 4: unexpected character "]"'],
  ])("reports %s as %s", (line, message) => {
    expect(() => parseJsonLine(line)).toThrow(message);
  });

  it("keeps surrogate pairs, escaped or not, and field order", () => {
    expect(parseJsonLine('{"b":"\\ud83d\\ude00😀","a":[true,false,null]}')).toEqual({
      t: "obj",
      fields: new Map<string, unknown>([
        ["b", { t: "str", v: "😀😀" }],
        ["a", { t: "arr", items: [{ t: "bool", v: true }, { t: "bool", v: false }, { t: "null" }] }],
      ]),
    });
  });

  it("ignores blank lines and comments only", () => {
    expect(isIgnoredLine("")).toBe(true);
    expect(isIgnoredLine(" \t# x")).toBe(true);
    expect(isIgnoredLine("#")).toBe(true);
    expect(isIgnoredLine(" x # y")).toBe(false);
    expect(isIgnoredLine("{}")).toBe(false);
  });
});
