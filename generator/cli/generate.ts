/** `probegen generate` and `probegen plan`. */
import { basename } from "node:path";
import { renderDiagnostics } from "../diagnostics/render.js";
import { writeFiles } from "../emit/write.js";
import { analyze } from "../front.js";
import { generate } from "../index.js";
import { planModule } from "../plan/plan.js";
import { diskMemo } from "./disk-memo.js";
import { readSource, sourceLabel } from "./files.js";

export interface GenerateArgs {
  readonly decl: string;
  readonly out?: string;
  readonly check: boolean;
  readonly runtimeModule: string;
}

export async function generateCommand(args: GenerateArgs): Promise<number> {
  const source = readSource(args.decl);
  const first = analyze(source);
  if (first.model === null) {
    process.stderr.write(renderDiagnostics(first.diagnostics, [source]));
    return 1;
  }
  const outDir = args.out ?? `generated/${first.model.module}`;
  const result = await generate(source, {
    sourceLabel: sourceLabel(args.decl, outDir),
    runtimeModule: args.runtimeModule,
    typecheck: !args.check,
    memo: diskMemo(),
  });
  if (result.diagnostics.length > 0) process.stderr.write(renderDiagnostics(result.diagnostics, [source]));
  if (result.internalErrors.length > 0) {
    process.stderr.write(
      `${args.decl}: error PG9002: the generated code does not type-check (a probegen bug; nothing was written):\n` +
        result.internalErrors.map((e) => `  ${e}\n`).join(""),
    );
    return 1;
  }
  const written = writeFiles(outDir, result.files, args.check);
  if (args.check) {
    if (written.stale.length > 0) {
      process.stderr.write(
        `probegen: ${written.stale.length} generated file(s) in ${outDir} are stale; run \`probegen generate ${args.decl} --out ${outDir}\`:\n` +
          written.stale.map((f) => `  ${f}\n`).join(""),
      );
      return 1;
    }
    process.stdout.write(`probegen: ${outDir} is up to date (${written.unchanged.length} files)\n`);
    return 0;
  }
  process.stdout.write(
    `probegen: ${basename(args.decl)} -> ${outDir}: ${written.written.length} written, ${written.unchanged.length} unchanged` +
      (written.removed.length > 0 ? `, ${written.removed.length} removed (${written.removed.join(", ")})` : "") +
      "\n",
  );
  return 0;
}

function bytes(n: number): string {
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(1)} MiB`;
  if (n >= 1 << 10) return `${(n / (1 << 10)).toFixed(1)} KiB`;
  return `${n} B`;
}

export function planCommand(args: { readonly decl: string }): number {
  const source = readSource(args.decl);
  const { model, diagnostics } = analyze(source);
  if (model === null) {
    process.stderr.write(renderDiagnostics(diagnostics, [source]));
    return 1;
  }
  const plan = planModule(model, args.decl);
  const lines = [`module ${plan.module}: ${plan.arrays.length} array(s)`];
  let total = 0;
  for (const a of plan.arrays) {
    total += a.reservedBytes;
    const index =
      a.layout === "slots"
        ? `open addressing, ${a.slotWords} int32 words per slot (${a.keyWords} key words${a.hasInterned ? `, ${a.stringFields} interned string field(s)` : ""})`
        : "Map<string, entry> index";
    const value = a.valueIsLong
      ? "Float64Array values (BigInt64Array beyond 2^53, on demand)"
      : a.valueIsString
        ? "string[] values"
        : `Float64Array stats, ${a.stats!.stride} doubles per entry`;
    lines.push(
      `  ${a.name} [${a.shape}] ${a.className} ${a.keySummary} -> ${a.valueSummary}`,
      `    maxEntries ${a.maxEntries}, onFull ${a.onFull}${a.isGrow ? ` (growLimit ${a.growLimit})` : ""}, maxStringLength ${a.maxStringLength}`,
      `    index: ${index}; ${value}`,
      `    reserves ${bytes(a.reservedBytes)} of typed arrays for ${a.initialStorage} entries up front` +
        (a.initialStorage < a.maxEntries ? ` (storage doubles on demand up to ${a.maxEntries})` : ""),
    );
  }
  lines.push(`total reserved up front: ${bytes(total)} (strings live on the JS heap besides)`);
  process.stdout.write(lines.join("\n") + "\n");
  return 0;
}
