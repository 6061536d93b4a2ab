/**
 * The diagnostic catalogue: every code probegen can report, with its severity and a short
 * description. This table is the single source of truth: `DiagnosticCode` is derived from its
 * keys, so a diagnostic with an unlisted code does not type-check.
 *
 * Ranges: PG0xxx command line, PG1xxx reading the declaration (syntax, literal-only rule),
 * PG2xxx checking it against declaration.md, PG3xxx planning, PG9xxx internal failures.
 * A code's meaning never changes once published; retired codes are not reused.
 */
import type { Diagnostic, Span } from "./diagnostic.js";

export interface CodeInfo {
  readonly severity: "error" | "warning";
  /** What the code means, in a few words (for documentation and `--explain`-style listings). */
  readonly title: string;
}

export const DIAGNOSTIC_CODES = {
  PG0001: { severity: "error", title: "unknown command-line option" },
  PG0002: { severity: "error", title: "invalid command-line option value" },

  PG1001: { severity: "error", title: "unsupported declaration file format" },
  PG1002: { severity: "error", title: "TypeScript syntax error" },
  PG1003: { severity: "error", title: "JSON syntax error" },
  PG1004: { severity: "error", title: "no `export default defineArrays({...})`" },
  PG1005: { severity: "error", title: "value is not a literal" },
  PG1006: { severity: "error", title: "property is not written `name: value`" },
  PG1007: { severity: "error", title: "statement not allowed in a declaration file" },
  PG1008: { severity: "error", title: "nesting too deep" },

  PG2001: { severity: "error", title: "unknown field" },
  PG2002: { severity: "error", title: "wrong type of value" },
  PG2003: { severity: "error", title: "too many keys" },
  PG2004: { severity: "error", title: "missing required field" },
  PG2005: { severity: "error", title: "duplicate name" },
  PG2006: { severity: "error", title: "not an identifier" },
  PG2007: { severity: "error", title: "reserved name" },
  PG2008: { severity: "error", title: "names collide in the output" },
  PG2009: { severity: "error", title: "module name missing or invalid" },
  PG2010: { severity: "error", title: "integer out of range" },
  PG2011: { severity: "error", title: "integer not exactly representable" },
  PG2012: { severity: "error", title: "unknown type, policy or aggregate name" },
  PG2013: { severity: "error", title: "no keys" },
  PG2014: { severity: "error", title: "no arrays" },
  PG2015: { severity: "error", title: "repeated aggregate" },
  PG2016: { severity: "error", title: "no aggregates and no histogram" },
  PG2017: { severity: "error", title: "growLimit without onFull \"grow\"" },
  PG2018: { severity: "error", title: "linear histogram interval not positive" },
  PG2019: { severity: "error", title: "linear histogram stop below start" },
  PG2020: { severity: "error", title: "too many histogram buckets" },
  PG2021: { severity: "error", title: "linear histogram beyond the int64 range" },

  PG3001: { severity: "error", title: "array cannot be specialised" },

  PG9001: { severity: "error", title: "internal error" },
  PG9002: { severity: "error", title: "generated code does not type-check" },
  PG9003: { severity: "error", title: "generated code could not be formatted" },
} as const satisfies Record<string, CodeInfo>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

export function isDiagnosticCode(value: string): value is DiagnosticCode {
  return Object.prototype.hasOwnProperty.call(DIAGNOSTIC_CODES, value);
}

/** Builds a diagnostic whose severity comes from the catalogue, so the two never disagree. */
export function createDiagnostic(
  code: DiagnosticCode,
  span: Span,
  message: string,
  extra: { readonly notes?: readonly string[]; readonly suggestion?: string } = {},
): Diagnostic {
  const diagnostic: { -readonly [K in keyof Diagnostic]: Diagnostic[K] } = {
    code,
    severity: DIAGNOSTIC_CODES[code].severity,
    message,
    span,
  };
  if (extra.notes !== undefined && extra.notes.length > 0) diagnostic.notes = extra.notes;
  if (extra.suggestion !== undefined) diagnostic.suggestion = extra.suggestion;
  return diagnostic;
}
