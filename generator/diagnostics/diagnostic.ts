/**
 * Structured diagnostics. Positions are kept as offsets into the source text and turned into
 * 1-based line/column (UTF-16 code units, as editors count) only when rendered.
 */
import type { DiagnosticCode } from "./codes.js";

export interface Span {
  /** The declaration's path as given on the command line. */
  readonly file: string;
  /** 0-based UTF-16 offset of the first character. */
  readonly offset: number;
  /** Length in UTF-16 code units (0 for a point). */
  readonly length: number;
}

export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: "error" | "warning";
  readonly message: string;
  readonly span: Span;
  /** Extra lines printed after the caret ("note: ..."). */
  readonly notes?: readonly string[];
  /** A fix hint, e.g. `did you mean "maxEntries"?`. */
  readonly suggestion?: string;
}

/** A source file handed to the pure core: nothing below the CLI reads the disk. */
export interface SourceText {
  readonly path: string;
  readonly text: string;
}
