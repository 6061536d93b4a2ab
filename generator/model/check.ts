/**
 * Stage 2: the raw tree -> the validated, frozen ModuleModel, applying every rule of
 * declaration.md. Every violation is reported (PG2xxx), not just the first; the model is
 * produced only when there is none. Values the checker could not use fall back to their
 * defaults so one mistake does not cascade into others (a bad `defaults.maxEntries` is
 * reported once, not once per array).
 *
 * Names from the declaration only ever appear in messages through JSON.stringify, so a name
 * with a quote or a line break cannot break a diagnostic line.
 */
import { createDiagnostic, type DiagnosticCode } from "../diagnostics/codes.js";
import type { Diagnostic, SourceText, Span } from "../diagnostics/diagnostic.js";
import { LineMap } from "../diagnostics/source-map.js";
import type { RawDocument, RawNode, RawProperty } from "../declaration/raw.js";
import { nameProblem } from "./identifiers.js";
import {
  AGGREGATES,
  type Aggregate,
  type ArrayModel,
  type HistModel,
  type KeyKind,
  type KeyModel,
  type ModuleModel,
  type Policy,
  type ValueModel,
} from "./model.js";
import { didYouMean, suggest } from "./suggest.js";

export const DEFAULT_MAX_ENTRIES = 2048;
export const DEFAULT_MAX_STRING_LENGTH = 128;
export const DEFAULT_ON_FULL: Policy = "fail";
export const MAX_KEYS = 9;
export const MAX_ENTRIES_LIMIT = 2 ** 31 - 1;
export const MAX_STRING_LENGTH_LIMIT = 65535;
export const MAX_LINEAR_BUCKETS = 1000;
/** Array names that would be written to a file the generator writes itself. */
export const GENERATED_FILE_NAMES: readonly string[] = ["index"];

const KEY_KINDS: readonly KeyKind[] = ["long", "string"];
const POLICIES: readonly Policy[] = ["fail", "wrap", "drop", "lru", "grow"];
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const DECIMAL_INTEGER = /^-?(?:0|[1-9][0-9]*)$/;

export const ROOT_FIELDS = ["module", "defaults", "arrays"] as const;
export const DEFAULTS_FIELDS = ["maxEntries", "maxStringLength", "onFull"] as const;
export const ARRAY_FIELDS = ["keys", "value", "maxEntries", "maxStringLength", "onFull", "display", "growLimit"] as const;

export interface CheckResult {
  readonly model: ModuleModel | null;
  readonly diagnostics: readonly Diagnostic[];
}

function quote(text: string): string {
  return JSON.stringify(text.length > 64 ? `${text.slice(0, 64)}...` : text);
}

function listed(words: readonly string[]): string {
  const quoted = words.map((word) => JSON.stringify(word));
  return quoted.length <= 1 ? quoted.join("") : `${quoted.slice(0, -1).join(", ")} or ${quoted[quoted.length - 1]}`;
}

function describe(node: RawNode): string {
  switch (node.kind) {
    case "string":
      return `the string ${quote(node.value)}`;
    case "number":
      return `the number ${node.text.length > 40 ? `${node.text.slice(0, 40)}...` : node.text}`;
    case "bigint":
      return `the bigint ${node.value}n`;
    case "boolean":
      return String(node.value);
    case "null":
      return "null";
    case "array":
      return "an array";
    case "object":
      return "an object";
    case "invalid":
      return "a value that is not literal";
  }
}

/** The module name a declaration gets from its file: the base name up to its first dot. */
export function moduleNameFromPath(path: string): string {
  const base = path.split(/[\\/]/).pop() ?? "";
  const dot = base.indexOf(".");
  return dot < 0 ? base : base.slice(0, dot);
}

type Fields = ReadonlyMap<string, RawProperty>;

class Checker {
  readonly diagnostics: Diagnostic[] = [];
  readonly lines: LineMap;

  constructor(
    readonly document: RawDocument,
    text: string,
  ) {
    this.lines = new LineMap(text);
  }

  error(code: DiagnosticCode, span: Span, message: string, extra: { notes?: string[]; suggestion?: string | undefined } = {}): void {
    const options: { notes?: string[]; suggestion?: string } = {};
    if (extra.notes !== undefined) options.notes = extra.notes;
    if (extra.suggestion !== undefined) options.suggestion = extra.suggestion;
    this.diagnostics.push(createDiagnostic(code, span, message, options));
  }

  at(span: Span): string {
    const { line, column } = this.lines.position(span.offset);
    return `${line}:${column}`;
  }

  /**
   * The properties of an object, duplicates and unknown fields reported; null (reported
   * unless already reported by the reader) when `node` is not an object.
   */
  fields(
    node: RawNode,
    where: string,
    allowed: readonly string[],
    required: readonly string[],
    anchor: Span,
  ): Fields | null {
    if (node.kind === "invalid") return null;
    if (node.kind !== "object") {
      this.error("PG2002", node.span, `${where} must be an object, found ${describe(node)}`);
      return null;
    }
    const fields = new Map<string, RawProperty>();
    // A required field offered as "did you mean" is not also reported missing.
    const suggested = new Set<string>();
    for (const property of node.properties) {
      const first = fields.get(property.key);
      if (first !== undefined) {
        this.error("PG2005", property.keySpan, `duplicate field ${quote(property.key)} in ${where}`, {
          notes: [`first written at ${this.at(first.keySpan)}`],
        });
        continue;
      }
      if (!allowed.includes(property.key)) {
        const match = suggest(property.key, allowed);
        if (match !== undefined) suggested.add(match);
        const suggestion = match === undefined ? undefined : `did you mean ${JSON.stringify(match)}?`;
        this.error("PG2001", property.keySpan, `unknown field ${quote(property.key)} in ${where}`, {
          suggestion,
          notes: suggestion === undefined ? [`the fields of ${where} are ${allowed.join(", ")}`] : [],
        });
        continue;
      }
      fields.set(property.key, property);
    }
    if (node.incomplete !== true) {
      for (const name of required) {
        if (!fields.has(name) && !suggested.has(name)) this.error("PG2004", anchor, `${where} has no ${quote(name)} field`);
      }
    }
    return fields;
  }

  /** An exact integer, or null after reporting why the node is not one. */
  integer(node: RawNode, what: string): bigint | null {
    switch (node.kind) {
      case "invalid":
        return null;
      case "bigint":
        return node.value;
      case "number": {
        if (Number.isSafeInteger(node.value)) return BigInt(node.value);
        if (Number.isInteger(node.value)) {
          const digits = node.text.replace(/_/g, "");
          const exact = DECIMAL_INTEGER.test(digits);
          const ts = this.document.format === "ts";
          this.error("PG2011", node.span, `${what} is ${node.text.length > 40 ? `${node.text.slice(0, 40)}...` : node.text}, beyond ±(2^53-1), where a number is not exact`, {
            suggestion: exact
              ? `write it as ${ts ? `the bigint literal ${digits}n` : `the decimal string "${digits}"`}`
              : `write it as ${ts ? "a bigint literal" : "a decimal string"}`,
          });
          return null;
        }
        this.error("PG2002", node.span, `${what} must be an integer, found ${describe(node)}`);
        return null;
      }
      case "string":
        if (this.document.format === "json" && DECIMAL_INTEGER.test(node.value)) return BigInt(node.value);
        this.error("PG2002", node.span, `${what} must be an integer, found ${describe(node)}`);
        return null;
      default:
        this.error("PG2002", node.span, `${what} must be an integer, found ${describe(node)}`);
        return null;
    }
  }

  boundedInteger(node: RawNode, what: string, min: number, max: number, minName?: string): number | null {
    const value = this.integer(node, what);
    if (value === null) return null;
    if (value < BigInt(min) || value > BigInt(max)) {
      const low = minName === undefined ? String(min) : `${minName} (${min})`;
      this.error("PG2010", node.span, `${what} is ${value}; it must be between ${low} and ${max}`);
      return null;
    }
    return Number(value);
  }

  /** One of `choices`, or null after reporting (with a suggestion) why not. */
  choice<T extends string>(node: RawNode, what: string, choices: readonly T[], unknown: string, note: string): T | null {
    if (node.kind === "invalid") return null;
    if (node.kind !== "string") {
      this.error("PG2002", node.span, `${what} must be ${listed(choices)}, found ${describe(node)}`);
      return null;
    }
    const found = choices.find((choice) => choice === node.value);
    if (found !== undefined) return found;
    const suggestion = didYouMean(node.value, choices);
    this.error("PG2012", node.span, `${unknown} ${quote(node.value)}`, { suggestion, notes: [note] });
    return null;
  }

  /** Reports why `name` cannot be used; true when it can. */
  name(name: string, span: Span, role: string): boolean {
    const problem = nameProblem(name);
    if (problem === null) return true;
    const subject = `${role} ${quote(name)}`;
    switch (problem.kind) {
      case "syntax":
        this.error("PG2006", span, `${subject} is not an identifier`, {
          notes: ["an identifier matches [A-Za-z_][A-Za-z0-9_]*"],
        });
        break;
      case "generator-prefix":
        this.error("PG2007", span, `${subject} starts with "__", which is reserved for the generator's own names`);
        break;
      case "ecmascript-reserved":
        this.error("PG2007", span, `${subject} is a reserved word of ECMAScript`);
        break;
      case "ecmascript-restricted":
        this.error(
          "PG2007",
          span,
          name === "eval" || name === "arguments"
            ? `${subject} cannot be bound in strict-mode ECMAScript`
            : `${subject} names a global value of ECMAScript`,
        );
        break;
      case "c-keyword":
        this.error("PG2007", span, `${subject} is a C11 keyword`);
        break;
      case "c-header":
        this.error("PG2007", span, `${subject} is defined by the C standard headers`);
        break;
    }
    return false;
  }

  run(): ModuleModel | null {
    const { document } = this;
    const root = document.root;
    const allowed: readonly string[] = document.format === "json" ? [...ROOT_FIELDS, "$schema"] : ROOT_FIELDS;
    const rootAnchor = { file: document.path, offset: root.span.offset, length: Math.min(root.span.length, 1) };
    const fields = this.fields(root, "the declaration", allowed, ["arrays"], rootAnchor);
    if (fields === null) return null;

    const moduleName = this.moduleName(fields.get("module"), rootAnchor);
    const defaults = this.defaults(fields.get("defaults"));
    const arraysProperty = fields.get("arrays");
    const arrays = arraysProperty === undefined ? [] : this.arrays(arraysProperty, moduleName, defaults);
    if (this.diagnostics.length > 0 || moduleName === null) return null;
    return deepFreeze({ module: moduleName, sourcePath: document.path, arrays });
  }

  moduleName(property: RawProperty | undefined, anchor: Span): string | null {
    if (property === undefined) {
      const name = moduleNameFromPath(this.document.path);
      if (nameProblem(name) === null) return name;
      this.error(
        "PG2009",
        anchor,
        `the declaration has no "module" field, and its file name gives the module name ${quote(name)}, which is not a valid identifier`,
        { suggestion: 'add a "module" field naming the module' },
      );
      return null;
    }
    const node = property.value;
    if (node.kind === "invalid") return null;
    if (node.kind !== "string") {
      this.error("PG2002", node.span, `the module name must be a string, found ${describe(node)}`);
      return null;
    }
    return this.name(node.value, node.span, "module name") ? node.value : null;
  }

  defaults(property: RawProperty | undefined): Defaults {
    const result = { maxEntries: DEFAULT_MAX_ENTRIES, maxStringLength: DEFAULT_MAX_STRING_LENGTH, onFull: DEFAULT_ON_FULL };
    if (property === undefined) return result;
    const fields = this.fields(property.value, "defaults", DEFAULTS_FIELDS, [], property.keySpan);
    if (fields === null) return result;
    const maxEntries = fields.get("maxEntries");
    if (maxEntries !== undefined) {
      result.maxEntries = this.boundedInteger(maxEntries.value, "defaults.maxEntries", 1, MAX_ENTRIES_LIMIT) ?? DEFAULT_MAX_ENTRIES;
    }
    const maxStringLength = fields.get("maxStringLength");
    if (maxStringLength !== undefined) {
      result.maxStringLength =
        this.boundedInteger(maxStringLength.value, "defaults.maxStringLength", 1, MAX_STRING_LENGTH_LIMIT) ?? DEFAULT_MAX_STRING_LENGTH;
    }
    const onFull = fields.get("onFull");
    if (onFull !== undefined) {
      result.onFull =
        this.choice(onFull.value, "defaults.onFull", POLICIES, "unknown policy for defaults.onFull:", `a policy is ${listed(POLICIES)}`) ??
        DEFAULT_ON_FULL;
    }
    return result;
  }

  arrays(property: RawProperty, moduleName: string | null, defaults: Defaults): ArrayModel[] {
    const node = property.value;
    if (node.kind === "invalid") return [];
    if (node.kind !== "object") {
      this.error("PG2002", node.span, `"arrays" must be an object of arrays, found ${describe(node)}`);
      return [];
    }
    if (node.properties.length === 0 && node.incomplete !== true) {
      this.error("PG2014", property.keySpan, "the declaration declares no arrays; at least one is required");
      return [];
    }
    const byName = new Map<string, RawProperty>();
    const byFolded = new Map<string, RawProperty>();
    const result: ArrayModel[] = [];
    for (const entry of node.properties) {
      const name = entry.key;
      const first = byName.get(name);
      if (first !== undefined) {
        this.error("PG2005", entry.keySpan, `duplicate array ${quote(name)}`, { notes: [`first written at ${this.at(first.keySpan)}`] });
        continue;
      }
      byName.set(name, entry);
      if (this.name(name, entry.keySpan, "array name")) {
        const folded = name.toLowerCase();
        const twin = byFolded.get(folded);
        if (twin !== undefined) {
          this.error("PG2008", entry.keySpan, `array ${quote(name)} collides with array ${quote(twin.key)}: names may not differ only in case`, {
            notes: [`${quote(twin.key)} is written at ${this.at(twin.keySpan)}; output file names must differ on case-insensitive file systems`],
          });
        } else {
          byFolded.set(folded, entry);
        }
        if (GENERATED_FILE_NAMES.includes(folded)) {
          this.error("PG2008", entry.keySpan, `array name ${quote(name)} is taken by a file the generator writes itself (${folded}.ts)`);
        } else if (moduleName !== null && folded === moduleName.toLowerCase()) {
          this.error("PG2008", entry.keySpan, `array name ${quote(name)} is the module name, which names a file the generator writes itself`);
        }
      }
      const array = this.array(entry, defaults);
      if (array !== null) result.push(array);
    }
    return result;
  }

  array(entry: RawProperty, defaults: Defaults): ArrayModel | null {
    const where = `array ${quote(entry.key)}`;
    const fields = this.fields(entry.value, where, ARRAY_FIELDS, ["keys", "value"], entry.keySpan);
    if (fields === null) return null;
    const keysProperty = fields.get("keys");
    const keys = keysProperty === undefined ? null : this.keys(keysProperty, where);
    const valueProperty = fields.get("value");
    const value = valueProperty === undefined ? null : this.value(valueProperty.value, where);

    const maxEntriesProperty = fields.get("maxEntries");
    const maxEntries =
      maxEntriesProperty === undefined
        ? defaults.maxEntries
        : this.boundedInteger(maxEntriesProperty.value, `maxEntries of ${where}`, 1, MAX_ENTRIES_LIMIT);
    const maxStringLengthProperty = fields.get("maxStringLength");
    const maxStringLength =
      maxStringLengthProperty === undefined
        ? defaults.maxStringLength
        : this.boundedInteger(maxStringLengthProperty.value, `maxStringLength of ${where}`, 1, MAX_STRING_LENGTH_LIMIT);
    const onFullProperty = fields.get("onFull");
    const onFull =
      onFullProperty === undefined
        ? defaults.onFull
        : this.choice(onFullProperty.value, `onFull of ${where}`, POLICIES, `unknown onFull policy for ${where}:`, `a policy is ${listed(POLICIES)}`);

    let display = false;
    const displayProperty = fields.get("display");
    if (displayProperty !== undefined) {
      const node = displayProperty.value;
      if (node.kind === "boolean") display = node.value;
      else if (node.kind !== "invalid") this.error("PG2002", node.span, `display of ${where} must be true or false, found ${describe(node)}`);
    }

    let growLimit: number | null = null;
    const growLimitProperty = fields.get("growLimit");
    if (growLimitProperty !== undefined) {
      if (onFull !== null && onFull !== "grow") {
        this.error("PG2017", growLimitProperty.keySpan, `growLimit of ${where} needs onFull "grow" (its onFull is ${quote(onFull)})`);
      } else if (onFull === "grow" && maxEntries !== null) {
        growLimit = this.boundedInteger(growLimitProperty.value, `growLimit of ${where}`, maxEntries, MAX_ENTRIES_LIMIT, "maxEntries");
      } else {
        this.integer(growLimitProperty.value, `growLimit of ${where}`);
      }
    }

    if (keys === null || value === null || maxEntries === null || maxStringLength === null || onFull === null) return null;
    const { line, column } = this.lines.position(entry.keySpan.offset);
    return {
      name: entry.key,
      keys,
      value,
      maxEntries,
      maxStringLength,
      onFull,
      growLimit,
      display,
      span: entry.keySpan,
      origin: { line, column },
    };
  }

  keys(property: RawProperty, where: string): KeyModel[] | null {
    const node = property.value;
    if (node.kind === "invalid") return null;
    if (node.kind !== "object") {
      this.error("PG2002", node.span, `the keys of ${where} must be an object of name: "long" | "string", found ${describe(node)}`);
      return null;
    }
    let ok = true;
    const count = node.properties.length;
    if (count > MAX_KEYS) {
      this.error("PG2003", property.keySpan, `${where} has ${count} keys; at most ${MAX_KEYS} are allowed`);
      ok = false;
    } else if (count === 0 && node.incomplete !== true) {
      this.error("PG2013", property.keySpan, `${where} has no keys; at least 1 is required`);
      ok = false;
    }
    const keys: KeyModel[] = [];
    const seen = new Map<string, RawProperty>();
    for (const entry of node.properties) {
      const first = seen.get(entry.key);
      if (first !== undefined) {
        this.error("PG2005", entry.keySpan, `duplicate key ${quote(entry.key)} in ${where}`, { notes: [`first written at ${this.at(first.keySpan)}`] });
        ok = false;
        continue;
      }
      seen.set(entry.key, entry);
      if (!this.name(entry.key, entry.keySpan, "key name")) ok = false;
      const kind = this.choice(entry.value, `the type of key ${quote(entry.key)} of ${where}`, KEY_KINDS, `unknown type for key ${quote(entry.key)} of ${where}:`, `a key is ${listed(KEY_KINDS)}`);
      if (kind === null) ok = false;
      else keys.push({ name: entry.key, kind, span: entry.keySpan });
    }
    return ok && node.incomplete !== true ? keys : null;
  }

  value(node: RawNode, where: string): ValueModel | null {
    if (node.kind === "invalid") return null;
    if (node.kind === "string") {
      const kind = this.choice(node, `the value of ${where}`, ["long", "string"] as const, `unknown value type for ${where}:`, 'a value is "long", "string" or { stats: { ... } }');
      return kind === null ? null : { kind };
    }
    if (node.kind !== "object") {
      this.error("PG2002", node.span, `the value of ${where} must be "long", "string" or { stats: { ... } }, found ${describe(node)}`);
      return null;
    }
    const anchor = { ...node.span, length: Math.min(node.span.length, 1) };
    const fields = this.fields(node, `the value of ${where}`, ["stats"], ["stats"], anchor);
    const stats = fields?.get("stats");
    if (fields === null || stats === undefined) return null;
    return this.stats(stats, where);
  }

  stats(property: RawProperty, where: string): ValueModel | null {
    const fields = this.fields(property.value, `the stats of ${where}`, ["aggregates", "hist"], [], property.keySpan);
    if (fields === null) return null;
    const histProperty = fields.get("hist");
    const hist = histProperty === undefined ? null : this.hist(histProperty, where);
    const aggregatesProperty = fields.get("aggregates");
    let requested: readonly Aggregate[] | null = [...AGGREGATES];
    if (aggregatesProperty !== undefined) {
      requested = this.aggregates(aggregatesProperty.value, where);
      if (requested !== null && requested.length === 0 && histProperty === undefined) {
        this.error("PG2016", aggregatesProperty.value.span, `${where} requests no aggregates and no hist; "aggregates: []" is allowed only with a hist`);
        requested = null;
      }
    }
    if (requested === null || (histProperty !== undefined && hist === null)) return null;
    const wanted = new Set<Aggregate>(requested);
    if (wanted.has("avg")) {
      wanted.add("count");
      wanted.add("sum");
    }
    if (wanted.has("variance")) wanted.add("count");
    const available = AGGREGATES.filter((aggregate) => wanted.has(aggregate));
    return { kind: "stats", requested, available, hist };
  }

  aggregates(node: RawNode, where: string): Aggregate[] | null {
    if (node.kind === "invalid") return null;
    if (node.kind !== "array") {
      this.error("PG2002", node.span, `the aggregates of ${where} must be a list of ${listed(AGGREGATES)}, found ${describe(node)}`);
      return null;
    }
    let ok = true;
    const seen = new Map<Aggregate, Span>();
    for (const element of node.elements) {
      const aggregate = this.choice(element, `an aggregate of ${where}`, AGGREGATES, `unknown aggregate for ${where}:`, `the aggregates are ${AGGREGATES.join(", ")}`);
      if (aggregate === null) {
        ok = false;
        continue;
      }
      const first = seen.get(aggregate);
      if (first !== undefined) {
        this.error("PG2015", element.span, `aggregate ${quote(aggregate)} is listed twice in ${where}`, { notes: [`first listed at ${this.at(first)}`] });
        ok = false;
        continue;
      }
      seen.set(aggregate, element.span);
    }
    return ok ? AGGREGATES.filter((aggregate) => seen.has(aggregate)) : null;
  }

  hist(property: RawProperty, where: string): HistModel | null {
    const node = property.value;
    if (node.kind === "invalid") return null;
    if (node.kind === "string") {
      if (node.value === "log2") return { kind: "log2" };
      if (node.value === "linear") {
        this.error("PG2012", node.span, `the hist of ${where} is "linear" without its bounds`, {
          suggestion: "write hist: { linear: { start: ..., stop: ..., interval: ... } }",
        });
        return null;
      }
      this.error("PG2012", node.span, `unknown hist for ${where}: ${quote(node.value)}`, {
        suggestion: didYouMean(node.value, ["log2", "linear"]) ?? 'a hist is "log2" or { linear: { start, stop, interval } }',
      });
      return null;
    }
    if (node.kind !== "object") {
      this.error("PG2002", node.span, `the hist of ${where} must be "log2" or { linear: { start, stop, interval } }, found ${describe(node)}`);
      return null;
    }
    const fields = this.fields(node, `the hist of ${where}`, ["linear"], ["linear"], property.keySpan);
    const linear = fields?.get("linear");
    if (linear === undefined) return null;
    const bounds = this.fields(linear.value, `the linear hist of ${where}`, ["start", "stop", "interval"], ["start", "stop", "interval"], linear.keySpan);
    if (bounds === null) return null;
    const read = (name: "start" | "stop" | "interval"): bigint | null => {
      const field = bounds.get(name);
      if (field === undefined) return null;
      const value = this.integer(field.value, `${name} of the linear hist of ${where}`);
      if (value !== null && (value < INT64_MIN || value > INT64_MAX)) {
        this.error("PG2021", field.value.span, `${name} of the linear hist of ${where} is ${value}, outside the int64 range`);
        return null;
      }
      return value;
    };
    const start = read("start");
    const stop = read("stop");
    const interval = read("interval");
    let ok = start !== null && stop !== null && interval !== null;
    if (interval !== null && interval <= 0n) {
      this.error("PG2018", (bounds.get("interval") as RawProperty).value.span, `the interval of the linear hist of ${where} is ${interval}; it must be greater than 0`);
      ok = false;
    }
    if (start !== null && stop !== null && stop < start) {
      this.error("PG2019", (bounds.get("stop") as RawProperty).value.span, `the linear hist of ${where} stops at ${stop}, below its start ${start}`);
      ok = false;
    }
    if (!ok || start === null || stop === null || interval === null) return null;
    const buckets = (stop - start) / interval + 1n;
    if (buckets > BigInt(MAX_LINEAR_BUCKETS)) {
      this.error("PG2020", linear.keySpan, `the linear hist of ${where} has ${buckets} regular buckets; at most ${MAX_LINEAR_BUCKETS} are allowed`, {
        notes: [`(stop - start) / interval + 1 = (${stop} - ${start}) / ${interval} + 1 = ${buckets}`],
      });
      ok = false;
    }
    const end = start + (buckets + 1n) * interval;
    if (end > INT64_MAX) {
      this.error("PG2021", linear.keySpan, `the linear hist of ${where} ends beyond the int64 range`, {
        notes: [`start + (N + 1) * interval = ${start} + ${buckets + 1n} * ${interval} = ${end} > ${INT64_MAX}`],
      });
      ok = false;
    }
    return ok ? { kind: "linear", start, stop, interval, buckets: Number(buckets) } : null;
  }
}

interface Defaults {
  maxEntries: number;
  maxStringLength: number;
  onFull: Policy;
}

/** Freezes a plain tree of objects and arrays (bigints and strings are immutable already). */
export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

export function check(document: RawDocument, source: SourceText): CheckResult {
  const checker = new Checker(document, source.text);
  const model = checker.run();
  return { model: checker.diagnostics.length === 0 ? model : null, diagnostics: checker.diagnostics };
}

