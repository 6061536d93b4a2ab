/**
 * Offsets to 1-based line and column, the column counted in UTF-16 code units as editors (and
 * the LSP) count. Line breaks are "\n", "\r\n" and a lone "\r", the three the LSP recognises.
 * Line starts are computed once per text, on first use (esbuild's LineColumnTracker idea), so
 * rendering many diagnostics of one file stays linear.
 */

export interface LineColumn {
  /** 1-based. */
  readonly line: number;
  /** 1-based, in UTF-16 code units. */
  readonly column: number;
}

export class LineMap {
  readonly text: string;
  #starts: number[] | null = null;

  constructor(text: string) {
    this.text = text;
  }

  /** Offsets of the first character of every line; offsets out of range are clamped. */
  private starts(): number[] {
    if (this.#starts !== null) return this.#starts;
    const starts = [0];
    const text = this.text;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.#starts = starts;
    return starts;
  }

  get lineCount(): number {
    return this.starts().length;
  }

  /** Position of `offset`; an offset inside a "\r\n" pair counts as the end of its line. */
  position(offset: number): LineColumn {
    const starts = this.starts();
    const clamped = Math.max(0, Math.min(Number.isFinite(offset) ? Math.trunc(offset) : 0, this.text.length));
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] as number) <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: clamped - (starts[low] as number) + 1 };
  }

  /** Text of a 1-based line without its line break ("" past the end). */
  lineText(line: number): string {
    const starts = this.starts();
    if (line < 1 || line > starts.length) return "";
    const start = starts[line - 1] as number;
    let end = line < starts.length ? (starts[line] as number) : this.text.length;
    if (end > start && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > start && this.text.charCodeAt(end - 1) === 13) end--;
    return this.text.slice(start, end);
  }
}

/** One-off conversion; build a `LineMap` when converting many offsets of the same text. */
export function lineColumn(text: string, offset: number): LineColumn {
  return new LineMap(text).position(offset);
}
