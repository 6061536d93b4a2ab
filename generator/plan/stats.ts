/**
 * Stats values: which aggregates are stored, where in the per-entry stride, and the histogram
 * layout. One Float64Array holds every entry's aggregates and buckets (stride = fields +
 * buckets): 2.5-4.5x faster than an object per entry (reference/ts-calibration.md A.7).
 */
import type { Aggregate, ArrayModel, ValueModel } from "../model/model.js";
import type { RuntimeSymbol } from "./runtime-symbols.js";
import { tsLiteral } from "./literal.js";
import { linearBucketIsExact } from "../../runtime-core/hist.js";

type StatsValue = Extract<ValueModel, { kind: "stats" }>;

export interface StatsPlan {
  /** Doubles per entry. */
  readonly stride: number;
  readonly strideBytes: number;
  readonly hasCount: boolean;
  readonly hasSum: boolean;
  readonly hasMin: boolean;
  readonly hasMax: boolean;
  readonly hasAvg: boolean;
  readonly hasVariance: boolean;
  /** Welford state (mean, m2) is kept only for variance. */
  readonly hasWelford: boolean;
  /** Offsets in the stride (-1 when not stored; the histogram has an array of its own). */
  readonly offCount: number;
  readonly offSum: number;
  readonly offMin: number;
  readonly offMax: number;
  readonly offMean: number;
  readonly offM2: number;
  readonly offHist: number;
  readonly hasHist: boolean;
  readonly isLog2: boolean;
  readonly isLinear: boolean;
  readonly histBuckets: number;
  /** Linear layout as bigint literals, and whether the number fast path is exact. */
  readonly linearStart: string;
  readonly linearInterval: string;
  readonly linearStartNumber: number;
  readonly linearIntervalNumber: number;
  readonly linearRegular: number;
  readonly histLayoutLiteral: string;
  /** min, max or variance need the updated count on the fast path. */
  readonly needsN: boolean;
  /** Whether the number fast path of linearBucket is exact for this layout. */
  readonly linearExact: boolean;
  /** Available aggregates, each with the expression of its exact value at stride offset `o`. */
  readonly aggregates: readonly { readonly name: Aggregate; readonly exactExpr: string }[];
}

export function statsPlan(array: ArrayModel, value: StatsValue, imports: Set<RuntimeSymbol>): StatsPlan {
  const has = (a: Aggregate): boolean => value.available.includes(a);
  let next = 0;
  // count is always stored: an entry exists once it has a sample, and avg/variance need it.
  const offCount = next++;
  const offSum = has("sum") ? next++ : -1;
  const offMin = has("min") ? next++ : -1;
  const offMax = has("max") ? next++ : -1;
  const hasWelford = has("variance");
  const offMean = hasWelford ? next++ : -1;
  const offM2 = hasWelford ? next++ : -1;
  const hist = value.hist;
  const histBuckets = hist === null ? 0 : hist.kind === "log2" ? 128 : hist.buckets + 2;
  // Buckets live in their own Uint32Array (4 bytes a count, half an object's Array of numbers);
  // the array widens to doubles the day a count would pass 2^32 - 1, so none is ever lost.
  const offHist = -1;
  imports.add("StatsSnapshot").add("EmptyAggregateError").add("invalidLong").add("toBigLong").add("addWrap");
  imports.add("isSafeBig").add("compareBig");
  if (has("avg")) imports.add("avgResult");
  if (hasWelford) imports.add("varianceResult");
  if (hist !== null) {
    imports.add("formatHistSystemtap").add("formatHistBpftrace").add("HistLayout");
    if (hist.kind === "log2") imports.add("log2Bucket").add("log2BucketBig");
    else imports.add("linearBucketBig").add("linearBucket");
  }
  const linear = hist !== null && hist.kind === "linear" ? hist : null;
  return {
    stride: next,
    strideBytes: next * 8 + histBuckets * 4,
    hasCount: has("count"),
    hasSum: has("sum"),
    hasMin: has("min"),
    hasMax: has("max"),
    hasAvg: has("avg"),
    hasVariance: has("variance"),
    hasWelford,
    offCount,
    offSum,
    offMin,
    offMax,
    offMean,
    offM2,
    offHist,
    hasHist: hist !== null,
    isLog2: hist !== null && hist.kind === "log2",
    isLinear: linear !== null,
    histBuckets,
    linearStart: linear ? `${linear.start}n` : "0n",
    linearInterval: linear ? `${linear.interval}n` : "1n",
    linearStartNumber: linear ? Number(linear.start) : 0,
    linearIntervalNumber: linear ? Number(linear.interval) : 1,
    linearRegular: linear ? linear.buckets : 0,
    histLayoutLiteral:
      hist === null
        ? "null"
        : hist.kind === "log2"
          ? tsLiteral({ kind: "log2" })
          : tsLiteral({ kind: "linear", start: hist.start, interval: hist.interval, buckets: hist.buckets }),
    needsN: has("min") || has("max") || hasWelford,
    linearExact: linear !== null && linearBucketIsExact(linear.start, linear.interval, linear.buckets),
    aggregates: value.available.map((a) => ({ name: a, exactExpr: exactExpr(a, offCount, offSum, offMin, offMax, offM2) })),
  };
}

function exactExpr(a: Aggregate, count: number, sum: number, min: number, max: number, m2: number): string {
  switch (a) {
    case "count":
      return `BigInt(this.#stats[o + ${count}]!)`;
    case "sum":
      return `this.#exactField(o + ${sum})`;
    case "min":
      return `this.#exactField(o + ${min})`;
    case "max":
      return `this.#exactField(o + ${max})`;
    case "avg":
      return "this.#avgAt(o)";
    case "variance":
      return `varianceResult(this.#stats[o + ${count}]!, this.#stats[o + ${m2}]!)`;
  }
}
