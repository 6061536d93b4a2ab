/** Disk access of the CLI: reading declarations and labelling them for generated headers. */
import { readFileSync } from "node:fs";
import { relative, resolve, sep } from "node:path";
import type { SourceText } from "../diagnostics/diagnostic.js";

export class UsageError extends Error {}

export function readSource(path: string): SourceText {
  try {
    return { path, text: readFileSync(path, "utf8") };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read declaration ${JSON.stringify(path)}${code ? ` (${code})` : ""}`);
  }
}

/** The declaration's path relative to the output folder, `/`-separated: the same on every machine. */
export function sourceLabel(declPath: string, outDir: string): string {
  return relative(resolve(outDir), resolve(declPath)).split(sep).join("/");
}
