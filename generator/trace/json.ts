/**
 * A strict JSON reader for one trace line (RFC 8259), written for the trace runner rather than
 * using JSON.parse because the runner needs what JSON.parse throws away or words differently
 * from one Node version to the next:
 * - numbers keep their source text, so a long can be judged exactly (`9007199254740993` is not
 *   silently rounded, `0.99999999999999999` is not an integer);
 * - a field written twice in one object is an error (JSON.parse keeps the last one, a C parser
 *   might keep the first: the two runners must not disagree);
 * - a lone surrogate in a string (escaped or raw) is an error: it has no UTF-8 form;
 * - error messages are ours and name the column (1-based, UTF-16 code units).
 */

export type Json =
  | { readonly t: "null" }
  | { readonly t: "bool"; readonly v: boolean }
  | { readonly t: "num"; readonly raw: string }
  | { readonly t: "str"; readonly v: string }
  | { readonly t: "arr"; readonly items: readonly Json[] }
  | { readonly t: "obj"; readonly fields: ReadonlyMap<string, Json> };

export class JsonSyntaxError extends Error {
  constructor(
    readonly column: number,
    readonly reason: string,
  ) {
    super(`invalid JSON at column ${column}: ${reason}`);
  }
}

/** In `u` mode a surrogate range matches only unpaired surrogates. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

function describeChar(text: string, at: number): string {
  if (at >= text.length) return "unexpected end of line";
  const c = text.codePointAt(at)!;
  if (c < 0x20 || c === 0x7f) return `unexpected control character U+${c.toString(16).toUpperCase().padStart(4, "0")}`;
  return `unexpected character ${JSON.stringify(String.fromCodePoint(c))}`;
}

class Reader {
  #at = 0;
  constructor(readonly text: string) {}

  fail(reason: string, at = this.#at): never {
    throw new JsonSyntaxError(at + 1, reason);
  }

  skipSpace(): void {
    const t = this.text;
    while (this.#at < t.length) {
      const c = t.charCodeAt(this.#at);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
      this.#at++;
    }
  }

  document(): Json {
    this.skipSpace();
    const v = this.value(0);
    this.skipSpace();
    if (this.#at < this.text.length) this.fail(`${describeChar(this.text, this.#at)} after the JSON value`);
    return v;
  }

  value(depth: number): Json {
    if (depth > 64) this.fail("nested too deeply");
    const t = this.text;
    const c = t[this.#at];
    if (c === "{") return this.object(depth);
    if (c === "[") return this.array(depth);
    if (c === '"') return { t: "str", v: this.string() };
    if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) return this.number();
    for (const [word, v] of [
      ["true", { t: "bool", v: true }],
      ["false", { t: "bool", v: false }],
      ["null", { t: "null" }],
    ] as const) {
      if (t.startsWith(word, this.#at)) {
        this.#at += word.length;
        return v;
      }
    }
    this.fail(describeChar(t, this.#at));
  }

  number(): Json {
    const start = this.#at;
    NUMBER.lastIndex = start;
    const m = NUMBER.exec(this.text);
    if (m === null) this.fail("invalid number", start);
    this.#at += m[0].length;
    const next = this.text[this.#at];
    if (next !== undefined && /[0-9.eE+\-]/.test(next)) this.fail("invalid number", start);
    return { t: "num", raw: m[0] };
  }

  string(): string {
    const t = this.text;
    const start = this.#at;
    this.#at++;
    let out = "";
    for (;;) {
      if (this.#at >= t.length) this.fail("unterminated string", start);
      const c = t.charCodeAt(this.#at);
      if (c === 0x22) {
        this.#at++;
        break;
      }
      if (c < 0x20) this.fail("control character in a string (escape it)");
      if (c !== 0x5c) {
        out += t[this.#at++];
        continue;
      }
      const e = t[this.#at + 1];
      const simple: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
      if (e !== undefined && e in simple) {
        out += simple[e];
        this.#at += 2;
        continue;
      }
      if (e === "u") {
        const hex = t.slice(this.#at + 2, this.#at + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail("invalid \\u escape");
        out += String.fromCharCode(parseInt(hex, 16));
        this.#at += 6;
        continue;
      }
      this.fail("invalid escape in a string");
    }
    if (LONE_SURROGATE.test(out)) this.fail("lone surrogate in a string (it has no UTF-8 form)", start);
    return out;
  }

  expect(ch: string, what: string): void {
    this.skipSpace();
    if (this.text[this.#at] !== ch) this.fail(`expected ${what}, found ${describeChar(this.text, this.#at).replace(/^unexpected /, "")}`);
    this.#at++;
  }

  array(depth: number): Json {
    this.#at++;
    const items: Json[] = [];
    this.skipSpace();
    if (this.text[this.#at] === "]") {
      this.#at++;
      return { t: "arr", items };
    }
    for (;;) {
      this.skipSpace();
      items.push(this.value(depth + 1));
      this.skipSpace();
      if (this.text[this.#at] === ",") {
        this.#at++;
        continue;
      }
      this.expect("]", "',' or ']'");
      return { t: "arr", items };
    }
  }

  object(depth: number): Json {
    this.#at++;
    const fields = new Map<string, Json>();
    this.skipSpace();
    if (this.text[this.#at] === "}") {
      this.#at++;
      return { t: "obj", fields };
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.#at] !== '"') this.fail(`expected a field name, found ${describeChar(this.text, this.#at).replace(/^unexpected /, "")}`);
      const nameAt = this.#at;
      const name = this.string();
      if (fields.has(name)) this.fail(`field ${JSON.stringify(name)} is written twice`, nameAt);
      this.expect(":", "':'");
      this.skipSpace();
      fields.set(name, this.value(depth + 1));
      this.skipSpace();
      if (this.text[this.#at] === ",") {
        this.#at++;
        continue;
      }
      this.expect("}", "',' or '}'");
      return { t: "obj", fields };
    }
  }
}

/** Parses one line; throws JsonSyntaxError. */
export function parseJsonLine(text: string): Json {
  return new Reader(text).document();
}

/** Compact JSON text of a value, numbers as written: for error messages. */
export function showJson(v: Json): string {
  switch (v.t) {
    case "null":
      return "null";
    case "bool":
      return String(v.v);
    case "num":
      return v.raw;
    case "str":
      return JSON.stringify(v.v);
    case "arr":
      return `[${v.items.map(showJson).join(",")}]`;
    case "obj":
      return `{${[...v.fields].map(([k, x]) => `${JSON.stringify(k)}:${showJson(x)}`).join(",")}}`;
  }
}

/** What kind of JSON value this is, for "must be X, got Y" messages. */
export function jsonKind(v: Json): string {
  return { null: "null", bool: "a boolean", num: "a number", str: "a string", arr: "an array", obj: "an object" }[v.t];
}

/**
 * The exact value of a JSON number when it is an integer (`1.0`, `1e3`, `-0` included);
 * "fraction" when it is not; "huge" beyond 10^30 (no caller accepts such numbers).
 */
export function jsonInteger(raw: string): bigint | "fraction" | "huge" {
  const m = /^(-?)([0-9]+)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?$/.exec(raw);
  if (m === null) return "fraction";
  const negative = m[1] === "-";
  const frac = m[3] ?? "";
  const exp = Number(m[4] ?? "0");
  let digits = (m[2]! + frac).replace(/^0+/, "");
  if (digits === "") return 0n;
  const scale = exp - frac.length;
  if (scale < 0) {
    // The last -scale digits lie after the decimal point: they must all be zeros.
    if (-scale >= digits.length || !/^0+$/.test(digits.slice(digits.length + scale))) return "fraction";
    digits = digits.slice(0, digits.length + scale);
  }
  const length = digits.length + Math.max(scale, 0);
  if (length > 30) return "huge";
  const magnitude = BigInt(digits) * 10n ** BigInt(Math.max(scale, 0));
  return negative ? -magnitude : magnitude;
}
