/**
 * Stage 3: the validated model -> one specialisation plan per array. A plan is a plain object
 * of strings, numbers and booleans (Handlebars resolves only own properties) holding every
 * decision: index layout, key words, parameter names, policy flags, imports. Templates only
 * interpolate it.
 */
import type { ArrayModel, ModuleModel } from "../model/model.js";
import { KEY_TRAITS, VALUE_TRAITS } from "../model/types.js";
import { arraysTypeName, className, commentSafe, fileName, parameterNames } from "./naming.js";
import { importList, type RuntimeSymbol } from "./runtime-symbols.js";
import { NO_GROW_LIMIT, initialStorage, slotCount } from "./sizing.js";
import { descriptorLiteral } from "./literal.js";
import { statsPlan, type StatsPlan } from "./stats.js";

export type IndexLayout = "slots" | "stringMap";

export interface KeyPlan {
  readonly name: string;
  /** 1-based field number (sort by `key<field>`). */
  readonly field: number;
  readonly param: string;
  readonly tsType: string;
  readonly isLong: boolean;
  /** A string field of a tuple: stored as an intern id in one slot word. */
  readonly isInterned: boolean;
  /** The only field, a string: the index is a Map keyed by it. */
  readonly isPlainString: boolean;
  /** First slot word (the low word of a long, the intern id of a string). */
  readonly lo: number;
  readonly hi: number;
  readonly compareExpr: string;
}

export interface ArrayPlan {
  readonly name: string;
  readonly className: string;
  readonly fileName: string;
  /** Key letters, `_`, value letter: `is_i` is (long, string) -> long. */
  readonly shape: string;
  readonly origin: string;
  readonly keySummary: string;
  readonly valueSummary: string;
  readonly onFull: string;
  readonly isFail: boolean;
  readonly isWrap: boolean;
  readonly isDrop: boolean;
  readonly isLru: boolean;
  readonly isGrow: boolean;
  readonly hasGrowLimit: boolean;
  readonly growLimit: number;
  readonly maxEntries: number;
  readonly maxStringLength: number;
  readonly initialStorage: number;
  readonly layout: IndexLayout;
  readonly isSlots: boolean;
  readonly isMapIndex: boolean;
  /** long/string values of a slot table live beside the slots (one cache miss per hit, not two). */
  readonly valueInSlot: boolean;
  /** Slot table whose values live beside the entries (stats): lookups turn the slot into the entry. */
  readonly lookupEntryFromSlot: boolean;
  /** Length of the long/string value column allocated up front. */
  readonly valueCapacity: number;
  readonly keyWords: number;
  readonly slotWords: number;
  readonly hasInterned: boolean;
  readonly stringFields: number;
  readonly keys: readonly KeyPlan[];
  readonly params: string;
  /** The key parameters as call arguments. */
  readonly args: string;
  readonly valueParam: string;
  readonly wordParams: string;
  readonly wordArgs: string;
  readonly upsertParams: string;
  readonly upsertArgs: string;
  readonly hashExpr: string;
  /** True when a read cannot match: one of its strings was never interned. */
  readonly missCondition: string;
  readonly slotMatch: string;
  readonly entryWordsWrite: string;
  readonly keyFieldsExact: string;
  readonly valueIsLong: boolean;
  readonly valueIsString: boolean;
  readonly valueIsStats: boolean;
  readonly stats: StatsPlan | null;
  readonly descriptorLiteral: string;
  readonly runtimeImports: string;
  /** Bytes of typed arrays the constructor allocates. */
  readonly reservedBytes: number;
}

export interface ModulePlan {
  readonly module: string;
  readonly arraysType: string;
  readonly arrays: readonly ArrayPlan[];
}

export function planModule(model: ModuleModel, sourceLabel: string): ModulePlan {
  return {
    module: model.module,
    arraysType: arraysTypeName(model.module),
    arrays: model.arrays.map((a) => planArray(a, sourceLabel)),
  };
}

export function planArray(array: ArrayModel, sourceLabel: string): ArrayPlan {
  const names = parameterNames(array);
  const layout: IndexLayout = array.keys.length === 1 && array.keys[0]!.kind === "string" ? "stringMap" : "slots";
  const isSlots = layout === "slots";
  const imports = new Set<RuntimeSymbol>([
    "ArrayCounters", "ArrayDescriptor", "ArrayEntry", "EntryComparator", "KeyField", "ProbeArray", "SortField",
    "ViewOptions", "checkLimit", "formatArrayJSON", "formatArrayText", "orderEntries",
  ]);

  let word = 0;
  const keys: KeyPlan[] = array.keys.map((k, i) => {
    const lo = word;
    const isLong = k.kind === "long";
    if (isSlots) word += KEY_TRAITS[k.kind].slotWords;
    const at = (side: string, w: number): string => `this.#entryWords[${side} * KEY_WORDS + ${w}]!`;
    let compareExpr: string;
    if (isLong) {
      compareExpr = `compareLongWords(${at("a", lo)}, ${at("a", lo + 1)}, ${at("b", lo)}, ${at("b", lo + 1)})`;
      imports.add("compareLongWords").add("joinWords").add("invalidLong").add("toBigLong");
    } else if (isSlots) {
      compareExpr = `compareUtf8(this.#internStrings[${at("a", lo)}]!, this.#internStrings[${at("b", lo)}]!)`;
      imports.add("compareUtf8").add("keyString");
    } else {
      compareExpr = "compareUtf8(this.#entryKeys[a]!, this.#entryKeys[b]!)";
      imports.add("compareUtf8").add("keyString");
    }
    return {
      name: k.name,
      field: i + 1,
      param: names.keys[i]!,
      tsType: KEY_TRAITS[k.kind].tsType,
      isLong,
      isInterned: isSlots && !isLong,
      isPlainString: !isSlots,
      lo,
      hi: lo + 1,
      compareExpr,
    };
  });
  const keyWords = isSlots ? word : 0;
  const words = Array.from({ length: keyWords }, (_, w) => `k${w}`);
  const interned = keys.filter((k) => k.isInterned);
  if (isSlots) imports.add("slotCountFor").add("hashFinish").add("HASH_SEED");

  // One multiply-xor per extra word, then murmur3's avalanche: a bijection on one word, and
  // enough to spread page-aligned and sequential keys (the avalanche does the real work).
  // The first word is salted with the process's random seed against chosen-key flooding.
  const hashExpr = isSlots
    ? `hashFinish(${words.reduce((h, w, i) => (i === 0 ? `(${w} ^ HASH_SEED)` : `Math.imul(${h}, 0x9e3779b1) ^ ${w}`), "")})`
    : "";
  const keyFieldsExact = keys
    .map((k) => (k.isLong ? `joinWords(ek[b + ${k.lo}]!, ek[b + ${k.hi}]!)` : `this.#internStrings[ek[b + ${k.lo}]!]!`))
    .join(", ");

  const value = array.value;
  if (value.kind === "long") imports.add("invalidLong").add("toBigLong").add("addWrap").add("isSafeBig").add("compareBig");
  if (value.kind === "string") imports.add("keyString").add("truncateUtf8").add("compareUtf8");
  const stats = value.kind === "stats" ? statsPlan(array, value, imports) : null;
  if (array.onFull === "fail" || array.onFull === "grow") imports.add("ArrayOverflowError");

  const storage = initialStorage(array);
  const valueInSlot = isSlots && value.kind !== "stats";
  const lruWords = array.onFull === "lru" ? 2 : 0;
  const valueBytes = value.kind === "long" ? 8 : value.kind === "string" ? 0 : (stats?.strideBytes ?? 0);
  const reservedBytes = isSlots
    ? slotCount(storage) * ((keyWords + 1) * 4 + (valueInSlot ? valueBytes : 0)) +
      storage * (keyWords * 4 + 4 + (2 + lruWords + (valueInSlot ? 1 : 0)) * 4 + (valueInSlot ? 0 : valueBytes)) +
      interned.length * storage * 4
    : storage * ((2 + lruWords) * 4 + valueBytes);

  return {
    name: array.name,
    className: className(array.name),
    fileName: fileName(array.name),
    shape: array.keys.map((k) => KEY_TRAITS[k.kind].letter).join("") + "_" + VALUE_TRAITS[value.kind].letter,
    origin: `${commentSafe(sourceLabel)}:${array.origin.line}:${array.origin.column}`,
    keySummary: "(" + array.keys.map((k) => `${k.name}: ${k.kind}`).join(", ") + ")",
    valueSummary:
      value.kind === "stats"
        ? `stats (${value.available.join(", ") || "no aggregates"}${value.hist === null ? "" : `; ${value.hist.kind} histogram`})`
        : VALUE_TRAITS[value.kind].summary,
    onFull: array.onFull,
    isFail: array.onFull === "fail",
    isWrap: array.onFull === "wrap",
    isDrop: array.onFull === "drop",
    isLru: array.onFull === "lru",
    isGrow: array.onFull === "grow",
    hasGrowLimit: array.growLimit !== null,
    growLimit: array.growLimit ?? NO_GROW_LIMIT,
    maxEntries: array.maxEntries,
    maxStringLength: array.maxStringLength,
    initialStorage: storage,
    layout,
    isSlots,
    isMapIndex: !isSlots,
    valueInSlot,
    lookupEntryFromSlot: isSlots && !valueInSlot,
    valueCapacity: valueInSlot ? slotCount(storage) : storage,
    keyWords,
    slotWords: keyWords + 1,
    hasInterned: interned.length > 0,
    stringFields: interned.length,
    keys,
    params: keys.map((k) => `${k.param}: ${k.tsType}`).join(", "),
    args: keys.map((k) => k.param).join(", "),
    valueParam: names.value,
    wordParams: isSlots ? words.map((w) => `${w}: number`).join(", ") : "s0: string",
    wordArgs: isSlots ? words.join(", ") : "s0",
    upsertParams: isSlots
      ? [...words.map((w) => `${w}: number`), ...interned.map((k) => `s${k.lo}: string`)].join(", ")
      : "s0: string",
    upsertArgs: isSlots ? [...words, ...interned.map((k) => `s${k.lo}`)].join(", ") : "s0",
    hashExpr,
    missCondition: interned.map((k) => `k${k.lo} === undefined`).join(" || "),
    slotMatch: words.map((w, i) => `slots[o${i === 0 ? "" : ` + ${i}`}] === ${w}`).join(" && "),
    entryWordsWrite: words.map((w, i) => `ek[b${i === 0 ? "" : ` + ${i}`}] = ${w};`).join("\n"),
    keyFieldsExact,
    valueIsLong: value.kind === "long",
    valueIsString: value.kind === "string",
    valueIsStats: value.kind === "stats",
    stats,
    descriptorLiteral: descriptorLiteral(array),
    runtimeImports: importList(imports),
    reservedBytes,
  };
}
