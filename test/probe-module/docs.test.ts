/**
 * The snippet of docs/probe-module.md compiles, strictly, against a stand-in for the generated
 * netstat module (the shape the generator emits: `export const arrays: ArrayFactory<...>`).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

const GENERATED_STANDIN = `
import type { ArrayFactory, ProbeArray } from "probegen/runtime";
export interface LatencyMap extends ProbeArray {
  add(route: string, status: number | bigint, value: number | bigint): void;
}
export interface ErrorsMap extends ProbeArray {
  add(service: string, code: number | bigint, delta: number | bigint): void;
}
export type NetstatArrays = { readonly latency: LatencyMap; readonly errors: ErrorsMap };
export declare const arrays: ArrayFactory<NetstatArrays>;
`;

function firstTsBlock(markdown: string): string {
  const match = /```ts\n([\s\S]*?)```/.exec(markdown);
  if (match === null) throw new Error("no ts block");
  return match[1]!;
}

describe("docs/probe-module.md", () => {
  it("has a complete probe under 30 lines that typechecks", () => {
    const snippet = firstTsBlock(readFileSync(join(repo, "docs/probe-module.md"), "utf8"));
    expect(snippet.trimEnd().split("\n").length).toBeLessThan(30);
    expect(snippet).toContain('import { arrays } from "./generated/netstat/index.js";');
    expect(snippet).toContain('import { defineProbeModule } from "probegen/runtime";');

    const dir = mkdtempSync(join(tmpdir(), "probe-doc-"));
    try {
      mkdirSync(join(dir, "generated/netstat"), { recursive: true });
      writeFileSync(join(dir, "package.json"), '{ "type": "module" }\n');
      writeFileSync(join(dir, "generated/netstat/index.ts"), GENERATED_STANDIN);
      // Only the probe-module surface and the contract, so others' work in progress cannot break this.
      writeFileSync(
        join(dir, "runtime.ts"),
        `export * from ${JSON.stringify(join(repo, "runtime-core/module.js"))};\n` +
          `export type * from ${JSON.stringify(join(repo, "runtime-core/contract.js"))};\n`,
      );
      writeFileSync(join(dir, "probe.ts"), snippet);
      const program = ts.createProgram([join(dir, "probe.ts")], {
        strict: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        types: ["node"],
        typeRoots: [join(repo, "node_modules/@types")],
        skipLibCheck: true,
        paths: { "probegen/runtime": [join(dir, "runtime.ts")] },
      });
      const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      expect(diagnostics).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
