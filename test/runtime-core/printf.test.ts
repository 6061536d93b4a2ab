import { describe, expect, it } from "vitest";
import type { PrintfArg } from "../../runtime-core/contract.js";
import { DumpTooLargeError, InvalidLongError } from "../../runtime-core/errors.js";
import { INT64_MAX, INT64_MIN } from "../../runtime-core/int64.js";
import { PrintfError, checkPrintf, printfArgKinds, sprintf } from "../../runtime-core/printf.js";

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

// [format, args, expected]; C/glibc semantics on int64.
const table: [string, PrintfArg[], string][] = [
  ["plain text", [], "plain text"],
  ["100%%", [], "100%"],
  ["%d", [0], "0"],
  ["%d", [-0], "0"],
  ["%d|%i", [42, -42], "42|-42"],
  ["%d", [INT64_MIN], "-9223372036854775808"],
  ["%d", [INT64_MAX], "9223372036854775807"],
  ["%d", [9007199254740991], "9007199254740991"],
  ["%5d|%-5d|%05d", [42, 42, -42], "   42|42   |-0042"],
  ["%+d|% d|%+ d|% d", [5, 5, 5, -5], "+5| 5|+5|-5"],
  ["%.3d|%.0d|%5.0d|%.0d", [5, 0, 0, 1], "005||     |1"],
  ["%08.3d|%-08d|", [5, 5], "     005|5       |"],
  ["%+05d", [7], "+0007"],
  ["%u", [-1], "18446744073709551615"],
  ["%u", [INT64_MIN], "9223372036854775808"],
  ["%+u|% u|%#u", [5, 5, 5], "5|5|5"],
  ["%x|%X", [-1, 255], "ffffffffffffffff|FF"],
  ["%#x|%#x|%#X", [255, 0, 255], "0xff|0|0XFF"],
  ["%#010x|%-#10x|", [255, 255], "0x000000ff|0xff      |"],
  ["%#.4x", [255], "0x00ff"],
  ["%o|%o", [8, -1], "10|1777777777777777777777"],
  ["%#o|%#o|%#.0o|%.0o|%#.3o|%#.2o", [8, 0, 0, 0, 8, 8], "010|0|0||010|010"],
  ["%c%c%c", [65, 321, -191], "AAA"],
  ["[%3c|%-3c|%03c]", [66, 66, 66], "[  B|B  |  B]"],
  ["%c", [0], "\0"],
  ["%c", [0x1ffn], "\uFFFD"],
  ["%c%c", [0xc3, 0xa9], "é"],
  ["x%3cy", [0xff], "x  \uFFFDy"],
  ["x%-3cy", [0xff], "x\uFFFD  y"],
  ["%s", ["héllo"], "héllo"],
  ["%.1s|%.2s|%.3s", ["héllo", "héllo", "héllo"], "h|h|hé"],
  ["[%6s|%-4s|%04s]", ["é", "ab", "ab"], "[    é|ab  |  ab]"],
  ["[%s]", ["a\0b"], "[a]"],
  ["[%5s]", ["a\0b"], "[    a]"],
  ["[%*s|%*s|%.*s|%.*s]", [4, "ab", -4, "ab", 1, "ab", -1, "ab"], "[  ab|ab  |a|ab]"],
  ["[%*.*d]", [6, 3, 7], "[   007]"],
  ["[%-*d]", [-4, 7], "[7   ]"],
  ["%.2s", ["😀x"], ""],
  ["%.4s", ["😀x"], "😀"],
  ["%p|%p|%p", [0, 255, -1], "0x0|0xff|0xffffffffffffffff"],
  ["[%10p|%-10p|%010p|%010p]", [255, 255, 255, 0], "[      0xff|0xff      |0x000000ff|0x00000000]"],
  ["%m", [bytes("foo")], "foo"],
  ["[%.2m|%5.2m|%-5.2m]", [bytes("foo"), bytes("foo"), bytes("foo")], "[fo|   fo|fo   ]"],
  ["%m", [Uint8Array.of(0xc3, 0xa9)], "é"],
  ["%m%m", [Uint8Array.of(0xc3), Uint8Array.of(0xa9)], "é"],
  ["%c%m", [0xc3, Uint8Array.of(0xa9)], "é"],
  ["a%mb", [Uint8Array.of(0xff)], "a\uFFFDb"],
  ["%m", [Uint8Array.of(0, 1)], "\0\x01"],
  ["%M", [bytes("foobar\n")], "666f6f6261720a"],
  ["%*.*M", [14, 6, bytes("foobar\n")], "  666f6f626172"],
  ["[%-6.1M|%06.1M]", [bytes("A"), bytes("A")], "[41    |    41]"],
  ["%.0M|%.0m|", [bytes("A"), bytes("A")], "||"],
];

describe("sprintf", () => {
  for (const [format, args, expected] of table) {
    it(`${JSON.stringify(format)} ${JSON.stringify(args, (_, v: unknown) => (typeof v === "bigint" ? `${v}n` : v))}`, () => {
      expect(sprintf(format, args)).toBe(expected);
    });
  }

  it("gives the same text for a long as number and as bigint", () => {
    const formats = ["%d", "%u", "%x", "%X", "%o", "%#o", "%c", "%p", "%+08.3d", "%-#12x|"];
    for (const v of [0, 1, -1, 255, -256, 2 ** 40 + 3, -(2 ** 52), 9007199254740991, -9007199254740991]) {
      for (const f of formats) expect(sprintf(f, [BigInt(v)])).toBe(sprintf(f, [v]));
    }
  });

  it("reuses a parsed format (same result on repeat calls)", () => {
    expect(sprintf("%s=%d\n", ["a", 1])).toBe("a=1\n");
    expect(sprintf("%s=%d\n", ["b", 2])).toBe("b=2\n");
  });

  it("raises `invalid long` for a long that is not an int64", () => {
    expect(() => sprintf("%d", [1.5])).toThrow(InvalidLongError);
    expect(() => sprintf("%d", [Number.NaN])).toThrow("invalid long: NaN");
    expect(() => sprintf("%x", [2n ** 63n])).toThrow(InvalidLongError);
    expect(() => sprintf("%d", [2 ** 53])).toThrow(InvalidLongError);
    expect(() => sprintf("%*d", [1.5, 1])).toThrow(InvalidLongError);
  });

  it("raises the dump size error beyond 4096 bytes", () => {
    const big = new Uint8Array(4097);
    expect(() => sprintf("%M", [big])).toThrow(DumpTooLargeError);
    expect(() => sprintf("%m", [big])).toThrow("4097 is too many bytes for a memory dump");
    expect(() => sprintf("%.5000m", [big])).toThrow("5000 is too many bytes for a memory dump");
    expect(sprintf("%.4096M", [big]).length).toBe(8192);
  });

  const malformed: [string, PrintfArg[], RegExp][] = [
    ["%ld", [1], /length modifiers are not supported \('%ld'\)/],
    ["%lld", [1], /length modifiers.*'%lld'/],
    ["%-5hd", [1], /length modifiers.*'%-5hd'/],
    ["%y", [1], /unknown conversion '%y'/],
    ["%5f", [1], /unknown conversion '%5f'/],
    ["abc %", [], /incomplete directive '%' at the end/],
    ["abc %-0", [], /incomplete directive '%-0'/],
    ["%5%", [], /'%5%': %% takes no flags/],
    ["%d", ["x"], /argument 1 \(%d\) must be a long, got a string/],
    ["%s", [5], /argument 1 \(%s\) must be a string, got a long/],
    ["%s", [5n], /argument 1 \(%s\) must be a string, got a long/],
    ["%m", ["x"], /argument 1 \(%m\) must be bytes \(Uint8Array\), got a string/],
    ["%d", [bytes("x")], /must be a long, got bytes/],
    ["%*d", ["x", 1], /argument 1 \(the width of %\*d\) must be a long/],
    ["%.*s", ["x", "y"], /argument 1 \(the precision of %\.\*s\) must be a long/],
    ["%d %d", [1], /too few arguments: the format takes 2, got 1/],
    ["%d", [1, 2], /too many arguments: the format takes 1, got 2/],
    ["text", [1], /too many arguments: the format takes 0, got 1/],
    ["%*d", [2147483648, 1], /the width of %\*d out of range/],
    ["%99999999999d", [1], /width too large/],
    ["%.8M", [bytes("abcd")], /%\.8M asks for 8 bytes but the argument has 4/],
  ];
  for (const [format, args, message] of malformed) {
    it(`refuses ${JSON.stringify(format)}`, () => {
      expect(() => sprintf(format, args)).toThrow(PrintfError);
      expect(() => sprintf(format, args)).toThrow(message);
    });
  }
});

describe("checkPrintf", () => {
  it("accepts formats that fit their arguments", () => {
    expect(checkPrintf("%s count=%d avg=%d\n", ["string", "long", "long"])).toBeNull();
    expect(checkPrintf("%*.*s %%", ["long", "long", "string"])).toBeNull();
    expect(checkPrintf("no directives", [])).toBeNull();
    expect(checkPrintf("%m %M", ["bytes", "bytes"])).toBeNull();
  });

  it("says why a format is malformed", () => {
    expect(checkPrintf("%ld", ["long"])).toMatch(/length modifiers/);
    expect(checkPrintf("%q", [])).toMatch(/length modifiers/);
    expect(checkPrintf("%k", ["long"])).toMatch(/unknown conversion '%k'/);
    expect(checkPrintf("%d", ["string"])).toBe("printf: argument 1 (%d) must be a long, got a string");
    expect(checkPrintf("%s", ["long"])).toBe("printf: argument 1 (%s) must be a string, got a long");
    expect(checkPrintf("%d %s", ["long"])).toBe("printf: too few arguments: the format takes 2, got 1");
    expect(checkPrintf("%d", ["long", "long"])).toBe("printf: too many arguments: the format takes 1, got 2");
    // Trace arguments are longs and strings only, so %m and %M cannot be satisfied there.
    expect(checkPrintf("%m", ["string"])).toMatch(/must be bytes/);
    expect(checkPrintf("%", [])).toMatch(/incomplete directive/);
  });

  it("lists argument kinds", () => {
    expect(printfArgKinds("%*.*d %s %M %%")).toEqual(["long", "long", "long", "string", "bytes"]);
    expect(() => printfArgKinds("%ld")).toThrow(PrintfError);
  });
});
