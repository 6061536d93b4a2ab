/**
 * The `probegen` command: yargs wiring, exit codes (0 ok, 1 invalid input, 2 usage error).
 * Everything it does is in the command modules beside it; this file only parses and exits.
 */
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { DEFAULT_RUNTIME_MODULE, isValidRuntimeModule } from "../index.js";
import { UsageError } from "./files.js";
import { generateCommand, planCommand } from "./generate.js";

function mustBeLang(lang: string): "ts" {
  if (lang === "ts") return "ts";
  if (lang === "c" || lang === "ts,c") throw new UsageError(`--lang ${lang}: the C output is not available yet; use --lang ts`);
  throw new UsageError(`--lang must be ts (got ${JSON.stringify(lang)})`);
}

async function main(argv: string[]): Promise<number> {
  let code = 0;
  const run = (p: Promise<number> | number): Promise<void> =>
    Promise.resolve(p).then((c) => {
      code = c;
    });
  await yargs(argv)
    .scriptName("probegen")
    .usage("$0 <command> [options]\n\nGenerates monomorphic, allocation-free associative arrays for probes.")
    .command(
      "generate <decl>",
      "Generate the TypeScript module of a declaration (.ts, .mts or .json)",
      (y) =>
        y
          .positional("decl", { type: "string", demandOption: true, describe: "declaration file" })
          .option("out", { type: "string", describe: "output folder (default: generated/<module>)" })
          .option("check", { type: "boolean", default: false, describe: "write nothing; exit 1 listing stale files" })
          .option("lang", { type: "string", default: "ts", describe: "output language (ts)" })
          .option("runtime-module", {
            type: "string",
            default: DEFAULT_RUNTIME_MODULE,
            describe: "module specifier generated code imports the runtime from",
          })
          .example("$0 generate probes/netstat.decl.ts --out src/generated/netstat", "write the module")
          .example("$0 generate probes/netstat.decl.ts --out src/generated/netstat --check", "CI: fail when stale"),
      (a) => {
        mustBeLang(a.lang);
        if (!isValidRuntimeModule(a.runtimeModule)) throw new UsageError(`--runtime-module: not a module specifier: ${JSON.stringify(a.runtimeModule)}`);
        return run(generateCommand({ decl: a.decl, out: a.out, check: a.check, runtimeModule: a.runtimeModule }));
      },
    )
    .command(
      "plan <decl>",
      "Print, per array, the storage layout chosen and the memory it reserves",
      (y) => y.positional("decl", { type: "string", demandOption: true, describe: "declaration file" }),
      (a) => run(planCommand({ decl: a.decl })),
    )
    .command(
      "trace <decl> <trace>",
      "Run a conformance trace (JSON Lines) against the generated module and print its output",
      (y) =>
        y
          .positional("decl", { type: "string", demandOption: true })
          .positional("trace", { type: "string", demandOption: true })
          .option("lang", { type: "string", default: "ts", describe: "implementation to run (ts)" }),
      async (a) => {
        mustBeLang(a.lang);
        const { traceCommand } = await import("../trace/command.js");
        return run(traceCommand({ decl: a.decl, trace: a.trace }));
      },
    )
    .command(
      "consume <address>",
      "Receive a probe module's stream transport (unix:/path or tcp:127.0.0.1:PORT) and write its records",
      (y) =>
        y
          .positional("address", { type: "string", demandOption: true })
          .option("out", { type: "string", describe: "file to append records to (default: stdout)" }),
      async (a) => {
        const { consumeCommand } = await import("../../runtime-core/io/consume.js");
        return run(consumeCommand({ address: a.address, out: a.out }));
      },
    )
    .demandCommand(1, "name a command: generate, plan, trace or consume")
    .strict()
    .help()
    .version(false)
    .fail((msg, err) => {
      if (err && !(err instanceof UsageError)) throw err;
      throw new UsageError(msg ?? err?.message ?? "usage error");
    })
    .parseAsync();
  return code;
}

main(hideBin(process.argv)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError) {
      process.stderr.write(`probegen: ${err.message}\nRun \`probegen --help\` for usage.\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`probegen: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 70;
  },
);
