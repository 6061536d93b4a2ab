/**
 * Worker thread body: formats the texts it is sent with the same prettier and options as the
 * main thread (emit/format.ts), so the result is byte-identical to formatting in place.
 */
import { parentPort } from "node:worker_threads";
import { formatTs } from "./format.js";

parentPort?.on("message", async (texts: string[]) => {
  const out: string[] = [];
  for (const t of texts) out.push(await formatTs(t));
  parentPort!.postMessage(out);
});
