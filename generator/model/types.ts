/**
 * Traits of each key and value kind: everything later stages need to know about a kind, in
 * exhaustive tables so adding a kind fails `tsc` until every stage handles it.
 */
import type { KeyKind, ValueKind } from "./model.js";

export interface KeyTraits {
  /** Parameter type in the generated API. */
  readonly tsType: string;
  /** Int32 words a field of this kind takes in a slot (a string takes its intern id). */
  readonly slotWords: number;
  /** Shape letter (SystemTap's KEYSYM: i = int64, s = string). */
  readonly letter: string;
}

export const KEY_TRAITS = {
  long: { tsType: "number | bigint", slotWords: 2, letter: "i" },
  string: { tsType: "string", slotWords: 1, letter: "s" },
} as const satisfies Record<KeyKind, KeyTraits>;

export interface ValueTraits {
  readonly letter: string;
  /** The template partial that implements the value column and its operations. */
  readonly partial: "value-long" | "value-string" | "value-stats";
  readonly summary: string;
}

export const VALUE_TRAITS = {
  long: { letter: "i", partial: "value-long", summary: "long" },
  string: { letter: "s", partial: "value-string", summary: "string" },
  stats: { letter: "x", partial: "value-stats", summary: "stats" },
} as const satisfies Record<ValueKind, ValueTraits>;
