/**
 * `defineArrays`: what a TypeScript declaration file calls. The generator never runs it (it
 * reads the literal statically); it exists so editors complete and check every field.
 */

export type KeyType = "long" | "string";
export type OnFull = "fail" | "wrap" | "drop" | "lru" | "grow";
export type AggregateName = "count" | "sum" | "min" | "max" | "avg" | "variance";
/** An integer; use a bigint literal beyond +-(2^53-1). */
export type DeclInteger = number | bigint;

export interface HistDeclaration {
  linear: { start: DeclInteger; stop: DeclInteger; interval: DeclInteger };
}

export interface StatsDeclaration {
  stats: {
    /** Default: all six. `[]` only together with `hist`. */
    aggregates?: readonly AggregateName[];
    hist?: "log2" | HistDeclaration;
  };
}

export interface ArrayDeclaration {
  /** 1 to 9 keys, in order. */
  keys: Readonly<Record<string, KeyType>>;
  value: "long" | "string" | StatsDeclaration;
  maxEntries?: number;
  maxStringLength?: number;
  onFull?: OnFull;
  /** Only with onFull "grow". */
  growLimit?: number;
  display?: boolean;
}

export interface ModuleDeclaration {
  module?: string;
  defaults?: { maxEntries?: number; maxStringLength?: number; onFull?: OnFull };
  arrays: Readonly<Record<string, ArrayDeclaration>>;
}

export function defineArrays<const T extends ModuleDeclaration>(declaration: T): T {
  return declaration;
}
