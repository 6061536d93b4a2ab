/**
 * The only module that writes generated files. Writes are atomic (temp file + rename) and
 * skipped when the bytes are already there, so watchers and build tools do not loop. In check
 * mode nothing is written: the stale files are returned.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { GeneratedFile } from "./typecheck.js";

export interface WriteResult {
  readonly written: string[];
  readonly unchanged: string[];
  /** Check mode: files missing or different on disk. */
  readonly stale: string[];
}

function current(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}

export function writeFiles(outDir: string, files: readonly GeneratedFile[], check: boolean): WriteResult {
  const result: WriteResult = { written: [], unchanged: [], stale: [] };
  for (const f of files) {
    const target = join(outDir, f.path);
    if (current(target) === f.text) {
      result.unchanged.push(f.path);
      continue;
    }
    if (check) {
      result.stale.push(f.path);
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    const tmp = `${target}.${process.pid}.tmp`;
    writeFileSync(tmp, f.text);
    renameSync(tmp, target);
    result.written.push(f.path);
  }
  return result;
}
