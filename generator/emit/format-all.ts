/**
 * Formats many files, off the main thread when it pays: prettier is half of a cold generation
 * and the in-memory type-check the other half, and neither needs the other's result (type errors
 * do not depend on layout). So the type-check runs on the main thread while a worker formats.
 * Under the TypeScript sources (vitest) there is no compiled worker: formatting runs in place.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { formatTs } from "./format.js";

/** Below this much text a worker's start-up (loading prettier again) costs more than it saves. */
const WORKER_THRESHOLD_CHARS = 200_000;

export interface PendingFormat {
  /**
   * Formats what the worker was not given, on this thread, then resolves with every formatted
   * text in input order. Call it after the work meant to overlap with the worker.
   */
  finish(): Promise<string[]>;
}

/**
 * Starts formatting: a worker takes the first `share` of the texts at once; the rest is
 * formatted on this thread when `finish()` is called (after the type-check, which takes about
 * as long as formatting the other part).
 */
export function startFormatting(texts: readonly string[], share: number): PendingFormat {
  const workerFile = new URL("./format-worker.js", import.meta.url);
  const size = texts.reduce((n, t) => n + t.length, 0);
  if (size < WORKER_THRESHOLD_CHARS || !existsSync(fileURLToPath(workerFile))) {
    return { finish: () => formatInPlace(texts) };
  }
  const split = Math.round(texts.length * share);
  const worker = new Worker(workerFile);
  const fromWorker = new Promise<string[]>((resolve, reject) => {
    worker.once("message", (out: string[]) => {
      void worker.terminate();
      resolve(out);
    });
    worker.once("error", reject);
  });
  worker.postMessage(texts.slice(0, split));
  return {
    finish: async () => {
      const rest = await formatInPlace(texts.slice(split));
      return [...(await fromWorker), ...rest];
    },
  };
}

async function formatInPlace(texts: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const t of texts) out.push(await formatTs(t));
  return out;
}
