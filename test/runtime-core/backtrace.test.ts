import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import {
  DEFAULT_MAX_BACKTRACE,
  type StackFrame,
  StackTable,
  captureBacktrace,
  configureStackIds,
  defaultStackTable,
  foldedLines,
  formatBacktrace,
  formatFrame,
  resolveFrame,
  sprintBacktrace,
  stackFrames,
  stackId,
} from "../../runtime-core/backtrace.js";

const thisFile = fileURLToPath(import.meta.url);

// Two call paths into one capture point, as a probe handler recording `allocs[stackId()] += 1`.
function commonCapture(): number {
  return stackId();
}
function pathAlpha(): number {
  return commonCapture();
}
function pathBeta(): number {
  return commonCapture();
}

describe("stack ids", () => {
  it("keys a Map by stack: one id per call path, the same id for the same path", () => {
    configureStackIds({ capacity: 64 });
    const allocs = new Map<number, number>();
    const ids: number[] = [];
    for (const path of [pathAlpha, pathBeta, pathAlpha, pathBeta, pathAlpha]) {
      const id = path();
      ids.push(id);
      allocs.set(id, (allocs.get(id) ?? 0) + 1);
    }
    const [alpha, beta] = ids as [number, number];
    expect(alpha).not.toBe(0);
    expect(beta).not.toBe(0);
    expect(alpha).not.toBe(beta);
    expect(ids).toEqual([alpha, beta, alpha, beta, alpha]);
    expect([...allocs]).toEqual([
      [alpha, 3],
      [beta, 2],
    ]);

    expect(stackFrames(alpha).slice(0, 2).map((f) => f.functionName)).toEqual(["commonCapture", "pathAlpha"]);
    expect(stackFrames(beta).slice(0, 2).map((f) => f.functionName)).toEqual(["commonCapture", "pathBeta"]);
    expect(stackFrames(alpha)[0]!.fileName).toContain("backtrace.test.ts");

    const lines = foldedLines(allocs).split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe("");
    expect(lines[0]).toMatch(/^.+;pathAlpha;commonCapture 3$/);
    expect(lines[1]).toMatch(/^.+;pathBeta;commonCapture 2$/);
    // root first: the outermost frame of the captured stack starts the line
    const outermost = stackFrames(alpha).at(-1)!.functionName;
    expect(lines[0]!.startsWith(outermost.replace(/;/g, ":") + ";")).toBe(true);
    expect(defaultStackTable().counters()).toEqual({ size: 2, capacity: 64, dropped: 0 });
  });

  it("gives id 0 (<unknown>) to new stacks once the table is full and counts them", () => {
    const table = new StackTable({ capacity: 2 });
    // three distinct stacks (one capture expression per branch), each captured repeatedly
    const at = (k: number): number => (k === 0 ? table.capture() : k === 1 ? table.capture() : table.capture());
    const ids: number[] = [];
    for (const k of [0, 1, 2, 0, 1, 2, 2]) ids.push(at(k));
    expect(ids).toEqual([1, 2, 0, 1, 2, 0, 0]);
    expect(table.counters()).toEqual({ size: 2, capacity: 2, dropped: 3 });
    const c = ids[2]!;
    expect(table.frames(0)).toEqual([]);
    expect(table.frames(99)).toEqual([]);
    expect(table.folded([[0, 5], [c, 2n]])).toBe("<unknown> 7\n");
  });

  it("sums counts of stacks that fold to the same names, exactly", () => {
    const table = new StackTable();
    const ids: number[] = [];
    function leaf(): void {
      ids.push(table.capture());
    }
    leaf();
    leaf();
    expect(ids[0]).not.toBe(ids[1]); // different call positions
    expect(table.folded([[ids[0]!, 2n ** 60n], [ids[1]!, 1]])).toMatch(/;leaf 1152921504606846977\n$/);
    expect(table.folded([[ids[0]!, 3], [ids[1]!, 4]]).split("\n")).toHaveLength(2);
  });

  it("keeps at most maxFrames frames, innermost first", () => {
    const table = new StackTable({ maxFrames: 5 });
    function deep(n: number): number {
      return n === 0 ? table.capture() : deep(n - 1) + 0;
    }
    const id = deep(30);
    expect(table.frames(id)).toHaveLength(5);
    expect(table.frames(id).every((f) => f.functionName === "deep")).toBe(true);
    function deepBt(n: number): StackFrame[] {
      return n === 0 ? captureBacktrace() : deepBt(n - 1);
    }
    expect(deepBt(30)).toHaveLength(DEFAULT_MAX_BACKTRACE);
    expect(deepBt(30)[0]!.functionName).toBe("deepBt");
  });

  it("tells apart stacks that differ only in a builtin frame", () => {
    const table = new StackTable();
    const ids: number[] = [];
    const cb = (): void => {
      ids.push(table.capture());
    };
    const methods: ((this: number[], f: () => void) => unknown)[] = [Array.prototype.map, Array.prototype.forEach];
    for (const m of [...methods, ...methods]) m.call([1], cb);
    expect(ids[0]).not.toBe(ids[1]);
    expect(ids.slice(2)).toEqual(ids.slice(0, 2));
    expect(table.frames(ids[0]!)[1]).toMatchObject({ functionName: "map", fileName: "" });
    expect(table.frames(ids[1]!)[1]).toMatchObject({ functionName: "forEach", fileName: "" });
  });

  it("restores Error.prepareStackTrace and Error.stackTraceLimit", () => {
    const prepare = (): string => "custom";
    const saved = { prepare: Error.prepareStackTrace, limit: Error.stackTraceLimit };
    Error.prepareStackTrace = prepare;
    Error.stackTraceLimit = 7;
    try {
      stackId();
      captureBacktrace(3);
      expect(Error.prepareStackTrace).toBe(prepare);
      expect(Error.stackTraceLimit).toBe(7);
      expect(new Error("x").stack).toBe("custom");
    } finally {
      Error.prepareStackTrace = saved.prepare;
      Error.stackTraceLimit = saved.limit;
    }
  });

  it("rejects a bad capacity or frame limit", () => {
    expect(() => new StackTable({ capacity: 0 })).toThrow(RangeError);
    expect(() => new StackTable({ maxFrames: 0 })).toThrow(RangeError);
  });
});

describe("printing a backtrace", () => {
  function innerFrame(): StackFrame[] {
    return captureBacktrace();
  }

  it("prints one frame per line with function, file:line:col and package", () => {
    const frames = innerFrame();
    expect(frames[0]!.functionName).toBe("innerFrame");
    const text = formatBacktrace(frames);
    const lines = text.split("\n");
    expect(lines).toHaveLength(frames.length + 1);
    expect(lines[0]).toMatch(/^ innerFrame at (.+):(\d+):(\d+) \[probegen\]$/);
    expect(lines[0]).toContain(thisFile);
    expect(formatFrame(frames[0]!)).toBe(lines[0]);
    const r = resolveFrame(frames[0]!);
    expect(r.file).toBe(thisFile);
    expect(r.package).toBe("probegen");
    expect(formatFrame({ functionName: "map", fileName: "", line: 0, column: 0 })).toBe(" map");
    expect(formatFrame({ functionName: "f", fileName: "node:internal/timers", line: 3, column: 4 })).toBe(
      " f at node:internal/timers:3:4 [node]",
    );
    expect(formatFrame({ functionName: "g", fileName: "file:///x/node_modules/@s/p/i.js", line: 1, column: 2 })).toBe(
      " g at /x/node_modules/@s/p/i.js:1:2 [@s/p]",
    );
  });

  it("truncates the string form at the string limit by whole lines", () => {
    const frames: StackFrame[] = [
      { functionName: "aaaa", fileName: "", line: 0, column: 0 },
      { functionName: "bbbb", fileName: "", line: 0, column: 0 },
      { functionName: "cccc", fileName: "", line: 0, column: 0 },
    ];
    expect(sprintBacktrace(frames)).toBe("aaaa\nbbbb\ncccc\n");
    expect(sprintBacktrace(frames, 10)).toBe("aaaa\nbbbb\n");
    expect(sprintBacktrace(frames, 14)).toBe("aaaa\nbbbb\n");
    expect(sprintBacktrace(frames, 3)).toBe("aaa");
    const real = sprintBacktrace(innerFrame(), 128);
    expect(Buffer.byteLength(real)).toBeLessThanOrEqual(128);
    expect(real.startsWith("innerFrame at ")).toBe(true);
  });
});

describe("source mapping", () => {
  const dir = mkdtempSync(join(tmpdir(), "probegen-bt-"));
  afterAll(() => {
    process.setSourceMapsEnabled(false);
    rmSync(dir, { recursive: true, force: true });
  });

  it("maps positions to the TS source when Node has the module's source map", () => {
    const tsSource = [
      "interface Unused {",
      "  a: number;",
      "  b: string;",
      "}",
      "type Cb<T> = () => T;",
      "export function outerMapped<T>(cb: Cb<T>): T {",
      "  return innerMapped(cb);",
      "}",
      "function innerMapped<T>(cb: Cb<T>): T {",
      "  const u: Unused | undefined = undefined;",
      "  void u;",
      "  return cb();",
      "}",
      "",
    ].join("\n");
    const out = ts.transpileModule(tsSource, {
      fileName: "mapped.ts",
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, inlineSourceMap: true, inlineSources: true },
    });
    const jsFile = join(dir, "mapped.js");
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "mapped-fixture", type: "commonjs" }));
    writeFileSync(jsFile, out.outputText);

    process.setSourceMapsEnabled(true);
    const mod = createRequire(import.meta.url)(jsFile) as { outerMapped<T>(cb: () => T): T };
    const frames = mod.outerMapped(() => captureBacktrace());
    const inner = frames[1]!;
    const outer = frames[2]!;
    expect([inner.functionName, outer.functionName]).toEqual(["innerMapped", "outerMapped"]);
    expect(inner.fileName).toBe(jsFile);
    // the generated JS has no interface or type lines: its line numbers differ from the TS ones
    expect(inner.line).not.toBe(12);

    const r = resolveFrame(inner);
    expect(r).toMatchObject({ file: join(dir, "mapped.ts"), line: 12, mapped: true, package: "mapped-fixture" });
    expect(r.column).toBe(10);
    expect(resolveFrame(outer)).toMatchObject({ file: join(dir, "mapped.ts"), line: 7, column: 10 });
    expect(formatFrame(inner)).toBe(` innerMapped at ${join(dir, "mapped.ts")}:12:10 [mapped-fixture]`);
  });
});
