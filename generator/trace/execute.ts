/**
 * Runs validated operations against fresh arrays of a loaded module and collects what they
 * print (trace.md's table). An operation that raises a ProbeError prints `ERROR: <message>` and
 * the trace goes on; anything else escapes as a TraceInternalError naming the line: the trace
 * was validated, so it is a bug of the generated code, the runtime or this runner.
 */
import type { Aggregate } from "../model/model.js";
import type { LoadedModule } from "./load.js";
import type { EntryField, Literal, TraceOp, View } from "./ops.js";

export class TraceInternalError extends Error {
  constructor(
    readonly line: number,
    readonly error: unknown,
  ) {
    super(`${line}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}

type KeyField = bigint | string;
type Snapshot = { readonly count: bigint } & Partial<Record<Exclude<Aggregate, "count">, bigint>>;
interface Entry {
  readonly key: readonly KeyField[];
  readonly value: bigint | string | Snapshot;
}

/** The methods of a generated array class the runner calls, seen without their exact types. */
interface AnyArray {
  set(...args: Literal[]): void;
  add(...args: Literal[]): void;
  get(...key: Literal[]): number | string;
  getBig(...key: Literal[]): bigint;
  has(...key: Literal[]): boolean;
  delete(...key: Literal[]): boolean;
  clear(): void;
  readonly size: number;
  count(...key: Literal[]): number;
  sumBig(...key: Literal[]): bigint;
  minBig(...key: Literal[]): bigint;
  maxBig(...key: Literal[]): bigint;
  avgBig(...key: Literal[]): bigint;
  varianceBig(...key: Literal[]): bigint;
  hist(...args: Literal[]): string;
  counters(): { size: number; capacity: number; dropped: number; evicted: number };
  entries(view?: View): Entry[];
  printText(view?: View): string;
  toJSONLine(view?: View): string;
}

function entryArg(entry: Entry, field: EntryField): bigint | string {
  if (field.kind === "key") return entry.key[field.index]!;
  if (field.kind === "value") return entry.value as bigint | string;
  const v = (entry.value as Snapshot)[field.name];
  if (v === undefined) throw new Error(`entry has no aggregate ${field.name}`);
  return v;
}

function runOp(op: TraceOp, arrays: Record<string, unknown>, m: LoadedModule): string {
  const rt = m.runtime;
  if (op.op === "printf") return rt.sprintf(op.format, op.args);
  if (op.op === "hexdump") return rt.hexdump(op.data);
  const a = arrays[op.array] as AnyArray;
  const valueKind = m.model.arrays.find((x) => x.name === op.array)!.value.kind;
  switch (op.op) {
    case "set":
      a.set(...op.key, op.value);
      return "";
    case "add":
      a.add(...op.key, op.value);
      return "";
    case "get":
      return (valueKind === "long" ? a.getBig(...op.key).toString() : (a.get(...op.key) as string)) + "\n";
    case "has":
      return a.has(...op.key) ? "1\n" : "0\n";
    case "delete":
      a.delete(...op.key);
      return "";
    case "clear":
      a.clear();
      return "";
    case "size":
      return `${a.size}\n`;
    case "counters": {
      const c = a.counters();
      return `size=${c.size} capacity=${c.capacity} dropped=${c.dropped} evicted=${c.evicted}\n`;
    }
    case "stat": {
      const v =
        op.fn === "count"
          ? BigInt(a.count(...op.key))
          : op.fn === "sum"
            ? a.sumBig(...op.key)
            : op.fn === "min"
              ? a.minBig(...op.key)
              : op.fn === "max"
                ? a.maxBig(...op.key)
                : op.fn === "avg"
                  ? a.avgBig(...op.key)
                  : a.varianceBig(...op.key);
      return `${v}\n`;
    }
    case "hist":
      return a.hist(...op.key, op.style);
    case "print":
      return a.printText(op.view);
    case "json":
      return a.toJSONLine(op.view) + "\n";
    case "foreach": {
      let out = "";
      for (const e of a.entries(op.view)) out += rt.sprintf(op.format, op.args.map((f) => entryArg(e, f)));
      return out;
    }
  }
}

/** Runs `ops` on fresh arrays; returns the whole output. */
export function executeTrace(ops: readonly TraceOp[], m: LoadedModule): string {
  const arrays = m.createArrays();
  let out = "";
  for (const op of ops) {
    try {
      out += runOp(op, arrays, m);
    } catch (e) {
      if (e instanceof m.runtime.ProbeError) out += `ERROR: ${e.message}\n`;
      else throw new TraceInternalError(op.line, e);
    }
  }
  return out;
}
