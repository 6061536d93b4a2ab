#!/usr/bin/env node
// The CLI lives in the build output: Node 20 cannot run the TypeScript sources directly.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const entry = new URL("../dist/generator/cli/main.js", import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write("probegen: the package is not built; run `npm run build` (or `npm ci`, which builds it) first\n");
  process.exit(2);
}
await import(entry.href);
