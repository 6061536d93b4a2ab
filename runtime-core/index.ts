/**
 * probegen's runtime core: the only module generated code imports (as `probegen/runtime`).
 * `generator/plan/runtime-symbols.ts` lists what generated code uses; a test checks each name
 * is exported here.
 */
export * from "./contract.js";
export * from "./errors.js";
export * from "./int64.js";
export * from "./strings.js";
export * from "./select.js";
export * from "./table.js";
export * from "./format-array.js";
export * from "./stats.js";
export * from "./hist.js";
export * from "./printf.js";
export * from "./dump.js";
export * from "./time.js";
export * from "./backtrace.js";
export * from "./user-memory.js";
export * from "./module.js";
export * from "./io/index.js";
