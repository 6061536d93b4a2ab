/**
 * Builds validated models directly (bypassing the front end) for tests of later stages.
 */
import type { Span } from "../../generator/diagnostics/diagnostic.js";
import { AGGREGATES, type Aggregate, type ArrayModel, type HistModel, type KeyKind, type ModuleModel, type Policy, type ValueModel } from "../../generator/model/model.js";

const span: Span = { file: "test.decl.json", offset: 0, length: 0 };

export interface ArraySpec {
  name: string;
  keys: Record<string, KeyKind>;
  value: "long" | "string" | { stats: { aggregates?: Aggregate[]; hist?: HistModel | null } };
  maxEntries?: number;
  maxStringLength?: number;
  onFull?: Policy;
  growLimit?: number | null;
  display?: boolean;
}

function valueModel(v: ArraySpec["value"]): ValueModel {
  if (v === "long" || v === "string") return { kind: v };
  const requested = v.stats.aggregates ?? [...AGGREGATES];
  const need = new Set<Aggregate>(requested);
  if (need.has("avg")) need.add("count").add("sum");
  if (need.has("variance")) need.add("count");
  return {
    kind: "stats",
    requested: AGGREGATES.filter((a) => requested.includes(a)),
    available: AGGREGATES.filter((a) => need.has(a)),
    hist: v.stats.hist ?? null,
  };
}

export function arrayModel(spec: ArraySpec, line = 1): ArrayModel {
  return {
    name: spec.name,
    keys: Object.entries(spec.keys).map(([name, kind]) => ({ name, kind, span })),
    value: valueModel(spec.value),
    maxEntries: spec.maxEntries ?? 2048,
    maxStringLength: spec.maxStringLength ?? 128,
    onFull: spec.onFull ?? "fail",
    growLimit: spec.growLimit ?? null,
    display: spec.display ?? false,
    span,
    origin: { line, column: 5 },
  };
}

export function moduleModel(module: string, arrays: ArraySpec[]): ModuleModel {
  return { module, sourcePath: "test.decl.json", arrays: arrays.map((a, i) => arrayModel(a, i + 3)) };
}

export function linear(start: bigint, stop: bigint, interval: bigint): HistModel {
  return { kind: "linear", start, stop, interval, buckets: Number((stop - start) / interval) + 1 };
}
