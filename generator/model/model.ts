/**
 * The validated model: what a declaration means once every rule of `declaration.md` holds.
 * Produced by `check.ts` from the raw tree; frozen; the only input of the planner.
 */
import type { Span } from "../diagnostics/diagnostic.js";

export type KeyKind = "long" | "string";
export type ScalarValueKind = "long" | "string";
export type Policy = "fail" | "wrap" | "drop" | "lru" | "grow";

/** In the canonical order used for storage, printing and JSON. */
export const AGGREGATES = ["count", "sum", "min", "max", "avg", "variance"] as const;
export type Aggregate = (typeof AGGREGATES)[number];

/** 1-based line and column (UTF-16 code units), for provenance comments. */
export interface Origin {
  readonly line: number;
  readonly column: number;
}

export interface KeyModel {
  readonly name: string;
  readonly kind: KeyKind;
  readonly span: Span;
}

export type HistModel =
  | { readonly kind: "log2" }
  | {
      readonly kind: "linear";
      readonly start: bigint;
      readonly stop: bigint;
      readonly interval: bigint;
      /** Regular buckets: (stop - start) / interval + 1; underflow and overflow come on top. */
      readonly buckets: number;
    };

export type ValueModel =
  | { readonly kind: "long" }
  | { readonly kind: "string" }
  | {
      readonly kind: "stats";
      /** What the declaration asked for, canonical order, no repeats. */
      readonly requested: readonly Aggregate[];
      /** requested plus what they imply (avg -> count, sum; variance -> count), canonical order. */
      readonly available: readonly Aggregate[];
      readonly hist: HistModel | null;
    };

export type ValueKind = ValueModel["kind"];

export interface ArrayModel {
  readonly name: string;
  readonly keys: readonly KeyModel[];
  readonly value: ValueModel;
  readonly maxEntries: number;
  readonly maxStringLength: number;
  readonly onFull: Policy;
  /** Only with onFull "grow"; null means memory is the limit. */
  readonly growLimit: number | null;
  readonly display: boolean;
  readonly span: Span;
  readonly origin: Origin;
}

export interface ModuleModel {
  readonly module: string;
  /** The declaration's path as given to the generator (used for diagnostics). */
  readonly sourcePath: string;
  readonly arrays: readonly ArrayModel[];
}
