/**
 * A validated trace: every operation checked against the declaration's model, its literals
 * decoded (longs exact), so running it can only fail the way the arrays and runtime fail on
 * purpose (ProbeError) or through a bug.
 */
import type { Aggregate } from "../model/model.js";

/** A decoded long (a number when it is a safe integer, else an int64 bigint) or a string. */
export type Literal = number | bigint | string;

export type SortBy = `key${1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9}` | "value" | Aggregate;

export interface View {
  readonly sort?: { readonly by: SortBy; readonly order: "asc" | "desc" };
  readonly limit?: number;
}

/** One argument of `foreach`: a field of the current entry. */
export type EntryField =
  | { readonly kind: "key"; readonly index: number }
  | { readonly kind: "value" }
  | { readonly kind: "aggregate"; readonly name: Aggregate };

interface Base {
  /** 1-based physical line of the trace. */
  readonly line: number;
}

export type TraceOp = Base &
  (
    | { readonly op: "set" | "add"; readonly array: string; readonly key: readonly Literal[]; readonly value: Literal }
    | { readonly op: "get" | "has" | "delete"; readonly array: string; readonly key: readonly Literal[] }
    | { readonly op: "clear" | "size" | "counters"; readonly array: string }
    | { readonly op: "stat"; readonly array: string; readonly key: readonly Literal[]; readonly fn: Aggregate }
    | { readonly op: "hist"; readonly array: string; readonly key: readonly Literal[]; readonly style: "systemtap" | "bpftrace" }
    | { readonly op: "print" | "json"; readonly array: string; readonly view: View }
    | {
        readonly op: "foreach";
        readonly array: string;
        readonly view: View;
        readonly format: string;
        readonly args: readonly EntryField[];
      }
    | { readonly op: "printf"; readonly format: string; readonly args: readonly Literal[] }
    | { readonly op: "hexdump"; readonly data: Uint8Array }
  );

export type OpName = TraceOp["op"];
