#!/usr/bin/env node
// Prints the plain closing line `N passed, N failed` (plus skipped) from vitest's JSON report,
// so CI logs end with a count any reader understands.
import { readFileSync } from "node:fs";

const report = JSON.parse(readFileSync(process.argv[2] ?? ".cache/vitest-results.json", "utf8"));
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
console.log(`${report.numPassedTests} passed, ${report.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exitCode = report.numFailedTests === 0 && report.numTotalTests > 0 ? 0 : 1;
