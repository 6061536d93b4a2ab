/**
 * Reads a JSON declaration into the raw tree, with the span of every node.
 *
 * Strict RFC 8259 JSON, the grammar `JSON.parse` accepts (a leading byte-order mark is skipped,
 * as editors may write one): no comments, no trailing commas, no single quotes. The first syntax
 * error stops the reader and is reported at its exact position with a message saying what was
 * expected. A hand-written reader (rather than a JSONC library) keeps number text exact (big
 * integers are checked from their digits), keeps duplicate keys for the checker to report, and
 * says *which* rule a near-JSON file broke (a trailing comma, a comment).
 *
 * Never throws: deep nesting is bounded and reported.
 */
import { createDiagnostic } from "../diagnostics/codes.js";
import type { Diagnostic, SourceText } from "../diagnostics/diagnostic.js";
import type { RawDocument, RawNode, RawProperty } from "./raw.js";

/** Far beyond any declaration; keeps the recursion far from the stack limit. */
export const MAX_JSON_DEPTH = 64;

class JsonSyntaxError extends Error {
  constructor(
    readonly offset: number,
    readonly length: number,
    message: string,
    readonly tooDeep = false,
  ) {
    super(message);
  }
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const NUMBERISH = /[0-9A-Za-z_.+-]*/y;
const WORD = /[A-Za-z_$][A-Za-z0-9_$]*/y;
const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

/** How a character is named in a message: printable ASCII quoted, anything else as U+XXXX. */
export function describeCharacter(text: string, offset: number): string {
  if (offset >= text.length) return "the end of the file";
  const code = text.codePointAt(offset) as number;
  if (code === 0x22) return "'\"'";
  if (code > 0x20 && code < 0x7f) return `"${String.fromCharCode(code)}"`;
  return `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
}

class JsonReader {
  pos = 0;

  constructor(
    readonly text: string,
    readonly file: string,
  ) {}

  span(offset: number, end: number) {
    return { file: this.file, offset, length: end - offset };
  }

  fail(message: string, offset = this.pos, length = offset < this.text.length ? 1 : 0): never {
    throw new JsonSyntaxError(offset, length, message);
  }

  found(): string {
    return describeCharacter(this.text, this.pos);
  }

  skipWhitespace(): void {
    const text = this.text;
    for (;;) {
      const c = text.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) this.pos++;
      else if (c === 0x2f && (text[this.pos + 1] === "/" || text[this.pos + 1] === "*")) {
        this.fail("comments are not allowed in JSON", this.pos, 2);
      } else return;
    }
  }

  document(): RawNode {
    if (this.text.charCodeAt(0) === 0xfeff) this.pos = 1;
    const root = this.value(0);
    this.skipWhitespace();
    if (this.pos < this.text.length) this.fail(`unexpected ${this.found()} after the JSON value`);
    return root;
  }

  value(depth: number): RawNode {
    this.skipWhitespace();
    const text = this.text;
    const c = text[this.pos];
    if (c === "{") return this.object(depth + 1);
    if (c === "[") return this.array(depth + 1);
    if (c === '"') {
      const start = this.pos;
      const value = this.string();
      return { kind: "string", value, span: this.span(start, this.pos) };
    }
    if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) return this.number();
    if (c === "'") this.fail("strings in JSON are written in double quotes");
    WORD.lastIndex = this.pos;
    const word = WORD.exec(text);
    if (word !== null) {
      const start = this.pos;
      this.pos += word[0].length;
      const span = this.span(start, this.pos);
      if (word[0] === "true" || word[0] === "false") return { kind: "boolean", value: word[0] === "true", span };
      if (word[0] === "null") return { kind: "null", span };
      const shown = word[0].length > 32 ? `${word[0].slice(0, 32)}...` : word[0];
      this.fail(`expected a JSON value, found ${shown}`, start, word[0].length);
    }
    if (c === undefined) this.fail("expected a JSON value, found the end of the file");
    this.fail(`expected a JSON value, found ${this.found()}`);
  }

  enter(depth: number): void {
    if (depth > MAX_JSON_DEPTH) {
      throw new JsonSyntaxError(this.pos, 1, `values are nested more than ${MAX_JSON_DEPTH} deep`, true);
    }
  }

  object(depth: number): RawNode {
    this.enter(depth);
    const start = this.pos++;
    const properties: RawProperty[] = [];
    let comma = -1;
    for (;;) {
      this.skipWhitespace();
      const c = this.text[this.pos];
      if (c === "}") {
        if (comma >= 0) this.fail("a trailing comma is not allowed in JSON", comma, 1);
        this.pos++;
        return { kind: "object", properties, span: this.span(start, this.pos) };
      }
      if (c !== '"') {
        if (c === "'") this.fail("property names in JSON are written in double quotes");
        const expected = properties.length === 0 && comma < 0 ? 'a property name in double quotes or "}"' : "a property name in double quotes";
        this.fail(`expected ${expected}, found ${this.found()}`);
      }
      const keyStart = this.pos;
      const key = this.string();
      const keySpan = this.span(keyStart, this.pos);
      this.skipWhitespace();
      if (this.text[this.pos] !== ":") this.fail(`expected ":" after the property name, found ${this.found()}`);
      this.pos++;
      const value = this.value(depth);
      properties.push({ key, keySpan, value, span: this.span(keyStart, value.span.offset + value.span.length) });
      this.skipWhitespace();
      const next = this.text[this.pos];
      if (next === ",") {
        comma = this.pos++;
      } else if (next === "}") {
        comma = -1;
      } else {
        this.fail(`expected "," or "}" after the property value, found ${this.found()}`);
      }
    }
  }

  array(depth: number): RawNode {
    this.enter(depth);
    const start = this.pos++;
    const elements: RawNode[] = [];
    let comma = -1;
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.pos] === "]") {
        if (comma >= 0) this.fail("a trailing comma is not allowed in JSON", comma, 1);
        this.pos++;
        return { kind: "array", elements, span: this.span(start, this.pos) };
      }
      if (this.text[this.pos] === "," ) this.fail(`expected a JSON value, found ","`);
      elements.push(this.value(depth));
      this.skipWhitespace();
      const next = this.text[this.pos];
      if (next === ",") comma = this.pos++;
      else if (next === "]") comma = -1;
      else this.fail(`expected "," or "]" after the array element, found ${this.found()}`);
    }
  }

  string(): string {
    const text = this.text;
    const start = this.pos++;
    let out = "";
    let chunk = this.pos;
    for (;;) {
      const c = text.charCodeAt(this.pos);
      if (Number.isNaN(c)) this.fail("unterminated string", start, 1);
      if (c === 0x22) {
        out += text.slice(chunk, this.pos);
        this.pos++;
        return out;
      }
      if (c === 0x0a || c === 0x0d) this.fail('unterminated string (a line break inside a string is written "\\n")', start, 1);
      if (c < 0x20) this.fail(`control character ${this.found()} in a string; write it as an escape`);
      if (c === 0x5c) {
        out += text.slice(chunk, this.pos);
        const e = text[this.pos + 1];
        if (e === "u") {
          const hex = text.slice(this.pos + 2, this.pos + 6);
          if (!/^[0-9A-Fa-f]{4}$/.test(hex)) this.fail("invalid \\u escape: expected 4 hexadecimal digits", this.pos, 2);
          out += String.fromCharCode(Number.parseInt(hex, 16));
          this.pos += 6;
        } else if (e !== undefined && Object.prototype.hasOwnProperty.call(ESCAPES, e)) {
          out += ESCAPES[e];
          this.pos += 2;
        } else {
          this.fail(`invalid escape "\\${e === undefined ? "" : e}" in a string`, this.pos, e === undefined ? 1 : 2);
        }
        chunk = this.pos;
        continue;
      }
      this.pos++;
    }
  }

  number(): RawNode {
    const start = this.pos;
    NUMBER.lastIndex = start;
    const match = NUMBER.exec(this.text);
    NUMBERISH.lastIndex = start;
    const whole = (NUMBERISH.exec(this.text) as RegExpExecArray)[0];
    if (match === null || match[0].length !== whole.length) {
      const shown = whole.length > 32 ? `${whole.slice(0, 32)}...` : whole;
      this.fail(`invalid number ${shown === "" ? this.found() : shown}`, start, Math.max(1, whole.length));
    }
    this.pos += match[0].length;
    return { kind: "number", value: Number(match[0]), text: match[0], span: this.span(start, this.pos) };
  }
}

export interface ReadResult {
  readonly document: RawDocument | null;
  readonly diagnostics: readonly Diagnostic[];
}

export function readJson(source: SourceText): ReadResult {
  const reader = new JsonReader(source.text, source.path);
  try {
    const root = reader.document();
    return { document: { format: "json", path: source.path, root }, diagnostics: [] };
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    const span = { file: source.path, offset: error.offset, length: error.length };
    return { document: null, diagnostics: [createDiagnostic(error.tooDeep ? "PG1008" : "PG1003", span, error.message)] };
  }
}
