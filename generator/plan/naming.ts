/**
 * Names in generated code. Declaration identifiers were validated by the checker
 * (model/identifiers.ts); here they only get shaped into class and file names and kept clear of
 * the globals and locals generated code relies on.
 */
import type { ArrayModel } from "../model/model.js";
import { RUNTIME_SYMBOLS } from "./runtime-symbols.js";

/** `counts` -> `CountsMap`. Arrays equal but for case are refused, so this is injective. */
export function className(arrayName: string): string {
  return arrayName[0]!.toUpperCase() + arrayName.slice(1) + "Map";
}

/** `counts` -> `counts.ts`. */
export function fileName(arrayName: string): string {
  return `${arrayName}.ts`;
}

/** `netstat` -> `NetstatArrays`. */
export function arraysTypeName(moduleName: string): string {
  return moduleName[0]!.toUpperCase() + moduleName.slice(1) + "Arrays";
}

/**
 * Globals, runtime imports and locals the generated methods use: a key parameter with one of
 * these names would shadow them, so it gets a `_` suffix (the declared name still shows in the
 * descriptor). test/golden/names-that-shadow and test/behaviour/names.test.ts keep this list
 * honest against the templates.
 */
const TAKEN = new Set([
  ...Object.keys(RUNTIME_SYMBOLS),
  "hit", "at", "old", "oldSlot", "home", "next", "j", "w", "p", "r", "y", "xd", "stats", "hist", "values", "wide",
  "ids", "out", "limit", "view", "compare", "by", "a", "un", "up", "id", "refs", "strings", "keys", "words",
  "hashes", "grow", "k", "s", "slotCount", "arrays",
  "Array", "BigInt", "BigInt64Array", "Error", "Float64Array", "Int32Array", "Infinity", "Map", "Math",
  "NaN", "Number", "String", "undefined", "e", "o", "i", "h", "b", "v", "ek", "big", "slots", "mask", "found",
  "DESCRIPTOR", "MAX_ENTRIES", "GROW_LIMIT", "MAX_STRING_BYTES", "INITIAL_STORAGE", "KEY_WORDS", "SLOT_WORDS",
  "STRING_FIELDS", "STATS_STRIDE", "VALUE_CAPACITY", "at", "HIST_LAYOUT", "HIST_BUCKETS", "value", "st", "n", "x", "d", "mean", "sum", "min", "max", "style",
  "counts",
]);

/** Parameter names for the key fields and the value, unique and clear of `TAKEN` and `k0`-style word names. */
export function parameterNames(array: ArrayModel): { keys: string[]; value: string } {
  const used = new Set<string>();
  const pick = (name: string): string => {
    let candidate = name;
    while (TAKEN.has(candidate) || /^[ks]\d+$/.test(candidate) || used.has(candidate)) candidate += "_";
    used.add(candidate);
    return candidate;
  };
  const keys = array.keys.map((k) => pick(k.name));
  let value = "value";
  while (used.has(value)) value += "_";
  return { keys, value };
}

/**
 * Text from outside the declaration's identifiers (its file path) made safe inside a `//` or
 * `/* *\/` comment: no line breaks or control characters, and no `*\/` to close the comment.
 */
export function commentSafe(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
    .replaceAll("*/", "*\\/");
}
