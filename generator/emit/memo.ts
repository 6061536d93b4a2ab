/**
 * Memoisation of the two slow, pure steps of emitting (prettier, and the in-memory
 * type-check), keyed by a hash of their exact input. A hit returns what the step returned for
 * that very input, so output stays byte-identical with or without a cache; a cache can only
 * make a run faster. The CLI keeps one on disk (cli/disk-memo.ts); the pure core sees only this
 * interface.
 */
import { createHash } from "node:crypto";

export interface Memo {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
}

export function memoKey(kind: string, ...parts: readonly string[]): string {
  const h = createHash("sha256").update(kind);
  for (const p of parts) h.update("\0").update(p);
  return `${kind}-${h.digest("hex")}`;
}
