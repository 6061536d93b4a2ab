/**
 * `probegen trace <decl> <trace.jsonl>`: reads both files, runs the trace (run.ts) and writes
 * its output once, at the end. A trace file that is not valid UTF-8 is malformed at the first
 * line holding a bad byte.
 */
import { readFileSync } from "node:fs";
import { readSource, UsageError } from "../cli/files.js";
import { runTrace } from "./run.js";

function readTrace(path: string): { text: string } | { badLine: number } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read trace ${JSON.stringify(path)}${code ? ` (${code})` : ""}`);
  }
  try {
    return { text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    let line = 1;
    let start = 0;
    for (let i = 0; i <= bytes.length; i++) {
      if (i === bytes.length || bytes[i] === 0x0a) {
        try {
          new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes.subarray(start, i));
        } catch {
          return { badLine: line };
        }
        line++;
        start = i + 1;
      }
    }
    return { badLine: line };
  }
}

function write(stream: NodeJS.WriteStream, text: string): Promise<void> {
  if (text === "") return Promise.resolve();
  return new Promise((resolve, reject) => stream.write(text, (e) => (e ? reject(e) : resolve())));
}

export async function traceCommand(args: { decl: string; trace: string }): Promise<number> {
  const decl = readSource(args.decl);
  const trace = readTrace(args.trace);
  if ("badLine" in trace) {
    await write(process.stderr, `${args.trace}:${trace.badLine}: not valid UTF-8\n`);
    return 1;
  }
  const run = await runTrace(decl, trace.text, args.trace);
  await write(process.stdout, run.stdout);
  await write(process.stderr, run.stderr);
  return run.exitCode;
}
