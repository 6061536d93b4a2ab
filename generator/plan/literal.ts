/**
 * TypeScript literal text for values the plan embeds (the array descriptor). Strings go
 * through JSON.stringify, so no declaration text can break out of a literal.
 */
import type { ArrayModel } from "../model/model.js";

type Literal = string | number | boolean | bigint | null | readonly Literal[] | { readonly [k: string]: Literal };

export function tsLiteral(v: Literal): string {
  if (v === null) return "null";
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return JSON.stringify(v);
  if (Array.isArray(v)) return "[" + v.map(tsLiteral).join(", ") + "]";
  const obj = v as { readonly [k: string]: Literal };
  return "{ " + Object.keys(obj).map((k) => `${k}: ${tsLiteral(obj[k]!)}`).join(", ") + " }";
}

export function descriptorLiteral(array: ArrayModel): string {
  const v = array.value;
  const value: Literal =
    v.kind === "stats"
      ? {
          kind: "stats",
          aggregates: [...v.available],
          hist:
            v.hist === null
              ? null
              : v.hist.kind === "log2"
                ? { kind: "log2" }
                : { kind: "linear", start: v.hist.start, interval: v.hist.interval, buckets: v.hist.buckets },
        }
      : { kind: v.kind };
  return tsLiteral({
    name: array.name,
    keys: array.keys.map((k) => ({ name: k.name, kind: k.kind })),
    value,
    maxEntries: array.maxEntries,
    maxStringLength: array.maxStringLength,
    onFull: array.onFull,
    growLimit: array.growLimit,
    display: array.display,
  });
}
