/**
 * The CLI's on-disk Memo: one file per key under node_modules/.cache/probegen (the usual home
 * of tool caches; PROBEGEN_CACHE_DIR overrides it). Writes are atomic, and a value is stored
 * with its own hash so a damaged file is a miss, never a wrong answer. Failing to read or write
 * the cache is never an error: the run just does the work.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Memo } from "../emit/memo.js";

function digest(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

export function diskMemo(dir = process.env.PROBEGEN_CACHE_DIR ?? resolve("node_modules", ".cache", "probegen")): Memo {
  return {
    get(key) {
      try {
        const raw = readFileSync(join(dir, key), "utf8");
        const nl = raw.indexOf("\n");
        const value = raw.slice(nl + 1);
        return nl === 64 && raw.slice(0, nl) === digest(value) ? value : undefined;
      } catch {
        return undefined;
      }
    },
    set(key, value) {
      try {
        mkdirSync(dir, { recursive: true });
        const tmp = join(dir, `${key}.${process.pid}.tmp`);
        writeFileSync(tmp, `${digest(value)}\n${value}`);
        renameSync(tmp, join(dir, key));
      } catch {
        // A cache that cannot be written is a slower run, not a failure.
      }
    },
  };
}
