/**
 * Output benchmark: one printf-formatted line into the print buffer, against what a user would
 * write instead (`console.log` and `process.stdout.write` of a template string).
 *
 * `benchOutput()` re-runs this file in a child process whose stdout is /dev/null (so the
 * baselines pay for real writes, as in a probed program, without flooding the terminal); the
 * child measures every contender in interleaved rounds and reports medians on fd 3.
 * Entries: each baseline has `baseline` equal to its own name; each contender names the
 * baseline it is compared with.
 */
import { spawn } from "node:child_process";
import { openSync, closeSync, writeSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createOutput } from "probegen/runtime";

export interface BenchResult {
  name: string;
  nsPerOp: number;
  baseline: string;
}

const CHILD_FLAG = "--probegen-bench-output-child";
const CHILD_ENV = "PROBEGEN_BENCH_OUTPUT_CHILD";
const OPS = 50_000;
const ROUNDS = 5;

const CONSOLE_LOG = "console.log(template) to /dev/null";
const STDOUT_WRITE = "process.stdout.write(template) to /dev/null";
const PRINTF_BUFFERED = "output.printf into the print buffer (flushed when full)";
const PRINTF_FLUSHED = "output.printf + flush per line (one handler per line)";

function runChild(): void {
  const out = createOutput({ module: "bench", transports: [{ kind: "console" }] });
  const contenders: { name: string; run: () => void }[] = [
    {
      name: CONSOLE_LOG,
      run: () => {
        for (let i = 0; i < OPS; i++) console.log(`read fd=${i} bytes=${i & 4095} ok`);
      },
    },
    {
      name: STDOUT_WRITE,
      run: () => {
        for (let i = 0; i < OPS; i++) process.stdout.write(`read fd=${i} bytes=${i & 4095} ok\n`);
      },
    },
    {
      name: PRINTF_BUFFERED,
      run: () => {
        for (let i = 0; i < OPS; i++) out.printf("read fd=%d bytes=%d %s\n", i, i & 4095, "ok");
        out.flush();
      },
    },
    {
      name: PRINTF_FLUSHED,
      run: () => {
        for (let i = 0; i < OPS; i++) {
          out.printf("read fd=%d bytes=%d %s\n", i, i & 4095, "ok");
          out.flush();
        }
      },
    },
  ];
  for (const c of contenders) c.run(); // warm-up
  const ns = contenders.map(() => [] as number[]);
  for (let r = 0; r < ROUNDS; r++) {
    contenders.forEach((c, i) => {
      const t0 = process.hrtime.bigint();
      c.run();
      ns[i]!.push(Number(process.hrtime.bigint() - t0) / OPS);
    });
  }
  const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[xs.length >> 1]!;
  const baselineOf: Record<string, string> = {
    [CONSOLE_LOG]: CONSOLE_LOG,
    [STDOUT_WRITE]: STDOUT_WRITE,
    [PRINTF_BUFFERED]: CONSOLE_LOG,
    [PRINTF_FLUSHED]: STDOUT_WRITE,
  };
  const results: BenchResult[] = contenders.map((c, i) => ({ name: c.name, nsPerOp: median(ns[i]!), baseline: baselineOf[c.name]! }));
  writeSync(3, JSON.stringify(results));
}

/** The parent's Node flags (loaders, --expose-gc...) minus code to evaluate, which would re-run the parent. */
function childExecArgv(): string[] {
  const out: string[] = [];
  const args = process.execArgv;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "-e" || a === "--eval" || a === "-p" || a === "--print") i++;
    else if (!/^(--eval|--print)=/.test(a) && a !== "-i" && a !== "--interactive") out.push(a);
  }
  return out;
}

export async function benchOutput(): Promise<BenchResult[]> {
  if (process.env[CHILD_ENV] !== undefined) throw new Error("benchOutput called inside its own child");
  const devNull = openSync("/dev/null", "w");
  try {
    const child = spawn(process.execPath, [...childExecArgv(), fileURLToPath(import.meta.url), CHILD_FLAG], {
      stdio: ["ignore", devNull, "pipe", "pipe"],
      env: { ...process.env, [CHILD_ENV]: "1" },
    });
    let report = "";
    let errors = "";
    child.stdio[3]!.on("data", (d: Buffer) => (report += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (errors += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c)));
    if (code !== 0) throw new Error(`output benchmark child failed (exit ${code}):\n${errors}`);
    return JSON.parse(report) as BenchResult[];
  } finally {
    closeSync(devNull);
  }
}

if (process.argv.includes(CHILD_FLAG) && process.env[CHILD_ENV] !== undefined) runChild();
