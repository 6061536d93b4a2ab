/**
 * Which names a declaration may give to its module, arrays and keys (declaration.md,
 * "identifier"). A name becomes a TypeScript identifier, a C identifier and part of file
 * names, so it must be valid and harmless in all three: the pattern below, and none of the
 * words the languages or the C standard headers reserve. The lists are exported so the
 * planner's naming can rely on the same facts.
 *
 * Contextual TypeScript words (`type`, `get`, `of`, `string`...) are deliberately allowed:
 * they are valid identifiers wherever generated code puts a name.
 */

export const IDENTIFIER_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** ECMAScript reserved words, strict mode and module code (`await`) included. */
export const ECMASCRIPT_RESERVED: ReadonlySet<string> = new Set([
  "await", "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete",
  "do", "else", "enum", "export", "extends", "false", "finally", "for", "function", "if", "import",
  "in", "instanceof", "new", "null", "return", "super", "switch", "this", "throw", "true", "try",
  "typeof", "var", "void", "while", "with", "yield",
  // reserved in strict mode
  "implements", "interface", "let", "package", "private", "protected", "public", "static",
]);

/** Not reserved words, but strict mode forbids binding them, and the globals one must not shadow. */
export const ECMASCRIPT_RESTRICTED: ReadonlySet<string> = new Set([
  "eval", "arguments", "undefined", "NaN", "Infinity",
]);

/** C11 keywords (ISO/IEC 9899:2011, 6.4.1). */
export const C11_KEYWORDS: ReadonlySet<string> = new Set([
  "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else", "enum",
  "extern", "float", "for", "goto", "if", "inline", "int", "long", "register", "restrict", "return",
  "short", "signed", "sizeof", "static", "struct", "switch", "typedef", "union", "unsigned", "void",
  "volatile", "while", "_Alignas", "_Alignof", "_Atomic", "_Bool", "_Complex", "_Generic",
  "_Imaginary", "_Noreturn", "_Static_assert", "_Thread_local",
]);

/**
 * Names defined by the standard headers the C output includes (stddef, stdbool, stdint,
 * inttypes, limits, stdio, stdlib, string, errno, assert, stdarg, stdalign, stdnoreturn): every
 * type, macro and object, since a C array or key with such a name breaks a declaration or is
 * rewritten by the preprocessor, and the functions generated code may call, which a parameter
 * of the same name would shadow. Other library functions stay allowed (a key named `time` or
 * `rand` is an ordinary word for probe authors and cannot reach a call the output makes).
 */
export const C_HEADER_NAMES: ReadonlySet<string> = new Set([
  // types
  "size_t", "ptrdiff_t", "max_align_t", "wchar_t", "wint_t", "bool", "FILE", "fpos_t", "div_t",
  "ldiv_t", "lldiv_t", "imaxdiv_t", "va_list",
  // macros and constants
  "NULL", "offsetof", "true", "false", "__bool_true_false_are_defined", "alignas", "alignof",
  "noreturn", "assert", "static_assert", "va_start", "va_arg", "va_end", "va_copy", "SIZE_MAX",
  "PTRDIFF_MIN", "PTRDIFF_MAX", "SIG_ATOMIC_MIN", "SIG_ATOMIC_MAX", "WCHAR_MIN", "WCHAR_MAX",
  "WINT_MIN", "WINT_MAX", "CHAR_BIT", "CHAR_MIN", "CHAR_MAX", "SCHAR_MIN", "SCHAR_MAX",
  "UCHAR_MAX", "SHRT_MIN", "SHRT_MAX", "USHRT_MAX", "INT_MIN", "INT_MAX", "UINT_MAX", "LONG_MIN",
  "LONG_MAX", "ULONG_MAX", "LLONG_MIN", "LLONG_MAX", "ULLONG_MAX", "MB_LEN_MAX", "EOF", "BUFSIZ",
  "FILENAME_MAX", "FOPEN_MAX", "L_tmpnam", "TMP_MAX", "SEEK_SET", "SEEK_CUR", "SEEK_END",
  "EXIT_SUCCESS", "EXIT_FAILURE", "RAND_MAX", "MB_CUR_MAX", "EDOM", "EILSEQ", "ERANGE",
  // objects
  "errno", "stdin", "stdout", "stderr",
  // functions the generated code and the C runtime call
  "malloc", "calloc", "realloc", "free", "abort", "exit", "qsort", "memcpy", "memmove", "memset",
  "memcmp", "memchr", "strlen", "strcmp", "strncmp", "printf", "fprintf", "sprintf", "snprintf",
  "vprintf", "vfprintf", "vsnprintf", "puts", "fputs", "putchar", "fputc", "putc", "fwrite",
  "fflush",
]);

/** Families of standard-header names: <stdint.h> types and macros, <inttypes.h> formats, errno values. */
const C_HEADER_PATTERNS: readonly RegExp[] = [
  /^u?int(?:_least|_fast)?(?:8|16|32|64)_t$/,
  /^u?int(?:ptr|max)_t$/,
  /^U?INT(?:_LEAST|_FAST)?(?:8|16|32|64)_(?:MIN|MAX)$/,
  /^U?INT(?:PTR|MAX)_(?:MIN|MAX)$/,
  /^U?INT(?:8|16|32|64|MAX)_C$/,
  /^(?:PRI|SCN)[diouxX](?:LEAST|FAST|MAX|PTR)?(?:8|16|32|64)?$/,
  /^E[0-9A-Z]+$/,
];

export type NameProblem =
  | { readonly kind: "syntax" }
  | { readonly kind: "ecmascript-reserved" }
  | { readonly kind: "ecmascript-restricted" }
  | { readonly kind: "c-keyword" }
  | { readonly kind: "c-header" }
  | { readonly kind: "generator-prefix" };

export function isCHeaderName(name: string): boolean {
  return C_HEADER_NAMES.has(name) || C_HEADER_PATTERNS.some((pattern) => pattern.test(name));
}

/** Why `name` cannot name a module, array or key; null when it can. */
export function nameProblem(name: string): NameProblem | null {
  if (!IDENTIFIER_PATTERN.test(name)) return { kind: "syntax" };
  if (name.startsWith("__")) return { kind: "generator-prefix" };
  if (ECMASCRIPT_RESERVED.has(name)) return { kind: "ecmascript-reserved" };
  if (ECMASCRIPT_RESTRICTED.has(name)) return { kind: "ecmascript-restricted" };
  if (C11_KEYWORDS.has(name)) return { kind: "c-keyword" };
  if (isCHeaderName(name)) return { kind: "c-header" };
  return null;
}

export function isIdentifier(name: string): boolean {
  return nameProblem(name) === null;
}
