/**
 * The raw tree: what a declaration file literally says, before any rule of declaration.md is
 * applied. Both readers (TypeScript and JSON) produce it, so the checker never knows which
 * syntax it came from except where the spec says the formats differ (how big integers are
 * written). Every node keeps the span of its source text.
 *
 * Objects keep their properties as a list in source order, duplicates included: the checker
 * reports duplicates, and a list never confuses a user's key such as "__proto__" with a
 * built-in one.
 */
import type { Span } from "../diagnostics/diagnostic.js";

export type DeclarationFormat = "ts" | "json";

export type RawNode =
  | RawString
  | RawNumber
  | RawBigInt
  | RawBoolean
  | RawNull
  | RawArray
  | RawObject
  | RawInvalid;

export interface RawString {
  readonly kind: "string";
  readonly value: string;
  readonly span: Span;
}

/** A number as the source wrote it; `value` is what JavaScript reads from `text`. */
export interface RawNumber {
  readonly kind: "number";
  readonly value: number;
  /** Source text, sign included, e.g. "-10_000" or "1e3". */
  readonly text: string;
  readonly span: Span;
}

/** A TypeScript bigint literal such as `9007199254740993n` (exact). */
export interface RawBigInt {
  readonly kind: "bigint";
  readonly value: bigint;
  readonly span: Span;
}

export interface RawBoolean {
  readonly kind: "boolean";
  readonly value: boolean;
  readonly span: Span;
}

export interface RawNull {
  readonly kind: "null";
  readonly span: Span;
}

export interface RawArray {
  readonly kind: "array";
  readonly elements: readonly RawNode[];
  readonly span: Span;
}

export interface RawProperty {
  readonly key: string;
  /** The property name as written (identifier or quoted string). */
  readonly keySpan: Span;
  readonly value: RawNode;
  /** The whole `name: value`. */
  readonly span: Span;
}

export interface RawObject {
  readonly kind: "object";
  readonly properties: readonly RawProperty[];
  readonly span: Span;
  /**
   * True when the reader dropped members it had already reported (a spread, a method): the
   * checker then does not also complain that fields are missing.
   */
  readonly incomplete?: boolean;
}

/** Something the reader already reported (a non-literal); the checker stays silent about it. */
export interface RawInvalid {
  readonly kind: "invalid";
  readonly span: Span;
}

export interface RawDocument {
  readonly format: DeclarationFormat;
  readonly path: string;
  /** The declaration object: the argument of `defineArrays`, or the JSON top-level value. */
  readonly root: RawNode;
}
