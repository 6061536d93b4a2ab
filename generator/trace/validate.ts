/**
 * Reads and checks a whole trace against the declaration's model before anything runs
 * (trace.md): the first malformed line in file order is the result, with its 1-based physical
 * line; otherwise every operation, decoded. Pure: no runtime state is touched.
 *
 * Checks run in a fixed order on each line (JSON, op, fields the op does not take, fields it
 * needs, array, what the op needs of the array, key, value, the other fields in the order
 * written in trace.md), so one line with several problems always reports the same one.
 */
import { AGGREGATES, type Aggregate, type ArrayModel, type ModuleModel } from "../model/model.js";
import { checkPrintf, printfArgKinds, type PrintfArgKind } from "../../runtime-core/printf.js";
import { jsonInteger, jsonKind, JsonSyntaxError, parseJsonLine, showJson, type Json } from "./json.js";
import type { EntryField, Literal, OpName, SortBy, TraceOp, View } from "./ops.js";

export interface Malformed {
  readonly line: number;
  readonly message: string;
}

export type ValidateResult = { readonly ok: true; readonly ops: readonly TraceOp[] } | ({ readonly ok: false } & Malformed);

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const SAFE = 9007199254740991n;

/** Fields of each op beyond `op`: required first, then optional. */
const FIELDS: Readonly<Record<OpName, { readonly required: readonly string[]; readonly optional: readonly string[] }>> = {
  set: { required: ["array", "key", "value"], optional: [] },
  add: { required: ["array", "key", "value"], optional: [] },
  get: { required: ["array", "key"], optional: [] },
  has: { required: ["array", "key"], optional: [] },
  delete: { required: ["array", "key"], optional: [] },
  clear: { required: ["array"], optional: [] },
  size: { required: ["array"], optional: [] },
  stat: { required: ["array", "key", "fn"], optional: [] },
  hist: { required: ["array", "key"], optional: ["style"] },
  print: { required: ["array"], optional: ["sort", "limit"] },
  foreach: { required: ["array", "format"], optional: ["sort", "limit", "args"] },
  json: { required: ["array"], optional: ["sort", "limit"] },
  counters: { required: ["array"], optional: [] },
  printf: { required: ["format"], optional: ["args"] },
  hexdump: { required: ["data"], optional: ["style"] },
};
const OP_NAMES = Object.keys(FIELDS) as OpName[];

/** A malformed line: thrown inside the checks of one line, caught per line. */
class LineError extends Error {}

function fail(message: string): never {
  throw new LineError(message);
}

function isOpName(s: string): s is OpName {
  return Object.hasOwn(FIELDS, s);
}

function quote(s: string): string {
  return JSON.stringify(s);
}

/** A blank line or a comment: only white space, or `#` after optional white space. */
export function isIgnoredLine(text: string): boolean {
  return /^[ \t\r\f\v]*(?:#.*)?$/s.test(text);
}

/** A long as trace.md encodes it; the message says why not (prefixed by the caller). */
function decodeLong(v: Json): bigint | { readonly error: string } {
  if (v.t === "num") {
    const n = jsonInteger(v.raw);
    if (n === "fraction") return { error: `${v.raw} is not an integer` };
    if (n === "huge" || n > SAFE || n < -SAFE)
      return { error: `${v.raw} is beyond ±(2^53-1) as a JSON number; write it as a string of decimal digits` };
    return n;
  }
  if (v.t === "str") {
    if (!/^-?[0-9]+$/.test(v.v)) return { error: `${quote(v.v)} is not a long (decimal digits with an optional leading '-')` };
    const n = BigInt(v.v);
    if (n < INT64_MIN || n > INT64_MAX) return { error: `${quote(v.v)} is outside the int64 range` };
    return n;
  }
  return { error: `must be a long (a JSON integer or a string of digits), got ${jsonKind(v)}` };
}

/** Safe integers travel as numbers (the generated code's fast path), the rest as bigints. */
function literalLong(n: bigint): number | bigint {
  return n >= -SAFE && n <= SAFE ? Number(n) : n;
}

function decodeField(v: Json, kind: "long" | "string", what: string): Literal {
  if (kind === "string") {
    if (v.t !== "str") fail(`${what} must be a string, got ${jsonKind(v)}`);
    return v.v;
  }
  const n = decodeLong(v);
  if (typeof n !== "bigint") fail(n.error.startsWith("must be") ? `${what} ${n.error}` : `${what}: ${n.error}`);
  return literalLong(n);
}

function availableText(a: ArrayModel): string {
  return a.value.kind === "stats" && a.value.available.length > 0 ? `it has ${a.value.available.join(", ")}` : "it has none";
}

function requireAggregate(a: ArrayModel, name: Aggregate, what: string): void {
  if (a.value.kind !== "stats") fail(`${what} ${quote(name)} on ${a.value.kind} array ${quote(a.name)}: only stats arrays have aggregates`);
  if (!a.value.available.includes(name)) fail(`array ${quote(a.name)} has no aggregate ${quote(name)} (${availableText(a)})`);
}

function isAggregate(s: string): s is Aggregate {
  return (AGGREGATES as readonly string[]).includes(s);
}

function keyIndex(s: string): number | null {
  const m = /^key([1-9])$/.exec(s);
  return m === null ? null : Number(m[1]);
}

class LineChecker {
  constructor(
    readonly model: ModuleModel,
    readonly fields: ReadonlyMap<string, Json>,
    readonly op: OpName,
  ) {}

  field(name: string): Json | undefined {
    return this.fields.get(name);
  }

  string(name: string): string {
    const v = this.fields.get(name)!;
    if (v.t !== "str") fail(`field ${quote(name)} must be a string, got ${jsonKind(v)}`);
    return v.v;
  }

  array(): ArrayModel {
    const name = this.string("array");
    const a = this.model.arrays.find((x) => x.name === name);
    if (a === undefined)
      fail(`unknown array ${quote(name)}; the declaration has ${this.model.arrays.map((x) => x.name).join(", ")}`);
    return a;
  }

  key(a: ArrayModel): Literal[] {
    const v = this.fields.get("key")!;
    if (v.t !== "arr") fail(`key must be a JSON array of the key fields, got ${jsonKind(v)}`);
    if (v.items.length !== a.keys.length)
      fail(`array ${quote(a.name)} has ${a.keys.length} key field${a.keys.length === 1 ? "" : "s"}, the key has ${v.items.length}`);
    return v.items.map((item, i) =>
      decodeField(item, a.keys[i]!.kind, `key field ${i + 1} (${a.keys[i]!.name}) of array ${quote(a.name)}`),
    );
  }

  value(a: ArrayModel): Literal {
    const kind = a.value.kind === "string" ? "string" : "long";
    return decodeField(this.fields.get("value")!, kind, a.value.kind === "stats" ? `the sample for array ${quote(a.name)}` : `value of array ${quote(a.name)}`);
  }

  view(a: ArrayModel): View {
    let sort: View["sort"];
    const s = this.fields.get("sort");
    if (s !== undefined) {
      if (s.t !== "obj") fail(`sort must be an object {"by": ..., "order": ...}, got ${jsonKind(s)}`);
      for (const name of s.fields.keys()) if (name !== "by" && name !== "order") fail(`sort does not take field ${quote(name)}`);
      const by = s.fields.get("by");
      if (by === undefined) fail(`sort needs field "by"`);
      if (by.t !== "str") fail(`sort.by must be a string, got ${jsonKind(by)}`);
      sort = { by: this.sortBy(a, by.v), order: this.order(s.fields.get("order")) };
    }
    let limit: number | undefined;
    const l = this.fields.get("limit");
    if (l !== undefined) {
      const n = l.t === "num" ? jsonInteger(l.raw) : "fraction";
      if (n === "fraction" || (n !== "huge" && n < 1n)) fail(`limit must be an integer >= 1, got ${showJson(l)}`);
      // Any limit beyond what an array can hold means "all"; the API takes a safe integer.
      limit = n === "huge" || n > SAFE ? Number(SAFE) : Number(n);
    }
    return { ...(sort !== undefined ? { sort } : {}), ...(limit !== undefined ? { limit } : {}) };
  }

  sortBy(a: ArrayModel, by: string): SortBy {
    const k = keyIndex(by);
    if (k !== null) {
      if (k > a.keys.length) fail(`sort.by ${quote(by)}: array ${quote(a.name)} has ${a.keys.length} key field${a.keys.length === 1 ? "" : "s"}`);
      return by as SortBy;
    }
    if (by === "value") {
      if (a.value.kind === "stats") fail(`sort.by "value" on stats array ${quote(a.name)}: sort by an aggregate`);
      return "value";
    }
    if (isAggregate(by)) {
      requireAggregate(a, by, "sort.by");
      return by;
    }
    fail(`sort.by ${quote(by)} is not a sort field (key1..key9, value, ${AGGREGATES.join(", ")})`);
  }

  order(v: Json | undefined): "asc" | "desc" {
    if (v === undefined) return "asc";
    if (v.t !== "str" || (v.v !== "asc" && v.v !== "desc")) fail(`sort.order must be "asc" or "desc", got ${showJson(v)}`);
    return v.v;
  }

  format(kinds: readonly PrintfArgKind[]): string {
    const format = this.string("format");
    let wanted: readonly PrintfArgKind[];
    try {
      wanted = printfArgKinds(format);
    } catch (e) {
      fail((e as Error).message);
    }
    if (wanted.includes("bytes")) fail("printf: %m and %M are not available in traces (a trace has no memory to dump)");
    const problem = checkPrintf(format, kinds);
    if (problem !== null) fail(problem);
    return format;
  }

  argsArray(): readonly Json[] {
    const v = this.fields.get("args");
    if (v === undefined) return [];
    if (v.t !== "arr") fail(`args must be a JSON array, got ${jsonKind(v)}`);
    return v.items;
  }

  entryFields(a: ArrayModel): { fields: EntryField[]; kinds: PrintfArgKind[] } {
    const names = a.keys.map((_, i) => `key${i + 1}`);
    if (a.value.kind === "stats") names.push(...a.value.available);
    else names.push("value");
    const fields: EntryField[] = [];
    const kinds: PrintfArgKind[] = [];
    this.argsArray().forEach((v, i) => {
      if (v.t !== "str") fail(`args[${i}] must be the name of an entry field, got ${jsonKind(v)}`);
      const k = keyIndex(v.v);
      if (k !== null && k <= a.keys.length) {
        fields.push({ kind: "key", index: k - 1 });
        kinds.push(a.keys[k - 1]!.kind);
      } else if (v.v === "value" && a.value.kind !== "stats") {
        fields.push({ kind: "value" });
        kinds.push(a.value.kind);
      } else if (isAggregate(v.v) && a.value.kind === "stats" && a.value.available.includes(v.v)) {
        fields.push({ kind: "aggregate", name: v.v });
        kinds.push("long");
      } else {
        fail(`args[${i}]: ${quote(v.v)} is not a field of the entries of array ${quote(a.name)} (${names.join(", ")})`);
      }
    });
    return { fields, kinds };
  }

  printfArgs(): { args: Literal[]; kinds: PrintfArgKind[] } {
    const args: Literal[] = [];
    const kinds: PrintfArgKind[] = [];
    this.argsArray().forEach((v, i) => {
      if (v.t === "str") {
        args.push(v.v);
        kinds.push("string");
      } else if (v.t === "num") {
        args.push(decodeField(v, "long", `args[${i}]`));
        kinds.push("long");
      } else fail(`args[${i}] must be a long (a JSON integer) or a string, got ${jsonKind(v)}`);
    });
    return { args, kinds };
  }
}

function checkLine(model: ModuleModel, text: string, line: number): TraceOp {
  let doc: Json;
  try {
    doc = parseJsonLine(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) fail(e.message);
    throw e;
  }
  if (doc.t !== "obj") fail(`an operation must be a JSON object, got ${jsonKind(doc)}`);
  const opField = doc.fields.get("op");
  if (opField === undefined) fail(`missing field "op"`);
  if (opField.t !== "str") fail(`field "op" must be a string, got ${jsonKind(opField)}`);
  const op = opField.v;
  if (!isOpName(op)) fail(`unknown op ${quote(op)} (one of ${OP_NAMES.join(", ")})`);
  const spec = FIELDS[op];
  for (const name of doc.fields.keys()) {
    if (name !== "op" && !spec.required.includes(name) && !spec.optional.includes(name))
      fail(`op ${quote(op)} does not take field ${quote(name)}`);
  }
  for (const name of spec.required) if (!doc.fields.has(name)) fail(`op ${quote(op)} needs field ${quote(name)}`);
  const c = new LineChecker(model, doc.fields, op);

  if (op === "printf") {
    const { args, kinds } = c.printfArgs();
    return { line, op, format: c.format(kinds), args };
  }
  if (op === "hexdump") {
    const style = c.field("style");
    if (style !== undefined && !(style.t === "str" && style.v === "canonical"))
      fail(`style must be "canonical", got ${showJson(style)}`);
    const data = c.string("data");
    if (data.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(data)) fail(`data must be an even-length string of hex digits`);
    return { line, op, data: Uint8Array.from(data.match(/../g) ?? [], (h) => parseInt(h, 16)) };
  }

  const a = c.array();
  const kind = a.value.kind;
  switch (op) {
    case "set":
    case "get":
      if (kind === "stats")
        fail(`${op} on stats array ${quote(a.name)}: ${op === "set" ? "record samples with add" : "read its aggregates with stat"}`);
      break;
    case "stat":
    case "hist":
      if (kind !== "stats") fail(`${op} on ${kind} array ${quote(a.name)}: only stats arrays have ${op === "stat" ? "aggregates" : "histograms"}`);
      if (op === "hist" && a.value.kind === "stats" && a.value.hist === null) fail(`hist on array ${quote(a.name)}: its stats have no histogram`);
      break;
    default:
      break;
  }
  switch (op) {
    case "set":
    case "add":
      return { line, op, array: a.name, key: c.key(a), value: c.value(a) };
    case "get":
    case "has":
    case "delete":
      return { line, op, array: a.name, key: c.key(a) };
    case "clear":
    case "size":
    case "counters":
      return { line, op, array: a.name };
    case "stat": {
      const key = c.key(a);
      const fn = c.field("fn")!;
      if (fn.t !== "str" || !isAggregate(fn.v)) fail(`fn must be one of ${AGGREGATES.join(", ")}, got ${showJson(fn)}`);
      requireAggregate(a, fn.v, "fn");
      return { line, op, array: a.name, key, fn: fn.v };
    }
    case "hist": {
      const key = c.key(a);
      const style = c.field("style");
      if (style !== undefined && !(style.t === "str" && (style.v === "systemtap" || style.v === "bpftrace")))
        fail(`style must be "systemtap" or "bpftrace", got ${showJson(style)}`);
      return { line, op, array: a.name, key, style: style === undefined ? "systemtap" : (style as { v: "systemtap" | "bpftrace" }).v };
    }
    case "print":
    case "json":
      return { line, op, array: a.name, view: c.view(a) };
    case "foreach": {
      const view = c.view(a);
      const { fields, kinds } = c.entryFields(a);
      return { line, op, array: a.name, view, format: c.format(kinds), args: fields };
    }
  }
}

/** Validates every line of `text`; stops at the first malformed one. */
export function validateTrace(model: ModuleModel, text: string): ValidateResult {
  const ops: TraceOp[] = [];
  const lines = text.split("\n");
  // A final newline ends the last line; it does not start another.
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const lineText = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (isIgnoredLine(lineText)) continue;
    try {
      ops.push(checkLine(model, lineText, i + 1));
    } catch (e) {
      if (e instanceof LineError) return { ok: false, line: i + 1, message: e.message };
      throw e;
    }
  }
  return { ok: true, ops };
}
