/**
 * Reads a TypeScript declaration into the raw tree, statically: the file is parsed with the
 * TypeScript parser that ts-morph bundles and never executed, so reading it runs no code and
 * gives the same result on every machine.
 *
 * Accepted: imports, type declarations, and one `export default defineArrays({...})` (or a bare
 * object literal), whose argument may be wrapped in parentheses, `as const`, `as T` or
 * `satisfies T`. Inside it only literals: strings (templates without `${}`), numbers with
 * `_` separators and a leading `-`, bigint literals, booleans, `null`, arrays and objects whose
 * properties are `name: value` with an identifier or string name. Everything else is a PG1xxx
 * diagnostic that says what was found; reading goes on, so one run reports every such place.
 *
 * Only a bare source file is parsed (no Project, no lib files): reading takes milliseconds.
 * Never throws on any input text.
 */
import { ts } from "ts-morph";
import { createDiagnostic, type DiagnosticCode } from "../diagnostics/codes.js";
import type { Diagnostic, SourceText, Span } from "../diagnostics/diagnostic.js";
import type { RawDocument, RawNode, RawProperty } from "./raw.js";
import type { ReadResult } from "./read-json.js";

/** Far beyond any declaration; keeps the recursion far from the stack limit. */
export const MAX_TS_DEPTH = 64;

/** The parser sees this name, so nothing depends on where the user's file lives. */
const INTERNAL_FILE_NAME = "/declaration.ts";
const LITERAL_NOTE = "the declaration is read, not executed: write the value itself";

function syntaxDiagnostics(sourceFile: ts.SourceFile): readonly ts.DiagnosticWithLocation[] {
  const host: ts.CompilerHost = {
    getSourceFile: (name) => (name === INTERNAL_FILE_NAME ? sourceFile : undefined),
    getDefaultLibFileName: () => "lib.d.ts",
    writeFile: () => undefined,
    getCurrentDirectory: () => "/",
    getCanonicalFileName: (name) => name,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => "\n",
    fileExists: (name) => name === INTERNAL_FILE_NAME,
    readFile: () => undefined,
  };
  const program = ts.createProgram({
    rootNames: [INTERNAL_FILE_NAME],
    options: { noLib: true, noResolve: true, types: [] },
    host,
  });
  return program.getSyntacticDiagnostics(sourceFile);
}

function quote(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}...` : text);
}

/** How an unsupported expression is named in "must be literal, found ...". */
function describeExpression(node: ts.Node, sourceFile: ts.SourceFile): string {
  if (ts.isIdentifier(node)) return node.text === "undefined" ? "undefined" : `a variable ${quote(node.text)}`;
  if (ts.isCallExpression(node)) {
    const callee = node.expression;
    return ts.isIdentifier(callee) || ts.isPropertyAccessExpression(callee)
      ? `a call to ${quote(callee.getText(sourceFile))}`
      : "a call";
  }
  if (ts.isNewExpression(node)) return 'a "new" expression';
  if (ts.isTemplateExpression(node)) return "a template with ${}";
  if (ts.isTaggedTemplateExpression(node)) return "a tagged template";
  if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
    return `a property access ${quote(node.getText(sourceFile))}`;
  }
  if (ts.isSpreadElement(node) || ts.isSpreadAssignment(node)) return "a spread";
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) return "a function";
  if (ts.isClassExpression(node)) return "a class";
  if (ts.isConditionalExpression(node)) return "a conditional expression";
  if (ts.isRegularExpressionLiteral(node)) return "a regular expression";
  if (node.kind === ts.SyntaxKind.ThisKeyword) return '"this"';
  if (ts.isOmittedExpression(node)) return "an empty array slot";
  if (
    ts.isBinaryExpression(node) ||
    ts.isPrefixUnaryExpression(node) ||
    ts.isPostfixUnaryExpression(node) ||
    ts.isTypeOfExpression(node) ||
    ts.isVoidExpression(node) ||
    ts.isDeleteExpression(node) ||
    ts.isAwaitExpression(node)
  ) {
    return "an expression with an operator";
  }
  return `an expression (${ts.SyntaxKind[node.kind]})`;
}

function describeStatement(node: ts.Statement): string {
  if (ts.isVariableStatement(node)) return "a variable declaration";
  if (ts.isFunctionDeclaration(node)) return "a function declaration";
  if (ts.isClassDeclaration(node)) return "a class declaration";
  if (ts.isExpressionStatement(node)) return "an expression statement";
  if (ts.isExportDeclaration(node)) return "an export list";
  if (ts.isImportEqualsDeclaration(node)) return 'an "import = require()"';
  if (ts.isEnumDeclaration(node)) return "an enum";
  if (ts.isModuleDeclaration(node)) return "a namespace";
  return `a statement (${ts.SyntaxKind[node.kind]})`;
}

function hasDefaultModifier(node: ts.Node): boolean {
  return (
    ts.canHaveModifiers(node) &&
    (ts.getModifiers(node) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.DefaultKeyword)
  );
}

/** `(x)`, `x as const`, `x as T`, `<T>x` and `x satisfies T` mean `x` to the reader. */
function unwrap(node: ts.Expression): ts.Expression {
  let current = node;
  for (;;) {
    if (
      ts.isParenthesizedExpression(current) ||
      ts.isAsExpression(current) ||
      ts.isSatisfiesExpression(current) ||
      ts.isTypeAssertionExpression(current)
    ) {
      current = current.expression;
    } else {
      return current;
    }
  }
}

class TsReader {
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    readonly sourceFile: ts.SourceFile,
    readonly file: string,
  ) {}

  span(node: ts.Node): Span {
    const offset = node.getStart(this.sourceFile);
    return { file: this.file, offset, length: node.getEnd() - offset };
  }

  report(code: DiagnosticCode, node: ts.Node, message: string, notes: readonly string[] = []): void {
    this.diagnostics.push(createDiagnostic(code, this.span(node), message, { notes }));
  }

  notLiteral(node: ts.Node): RawNode {
    this.report("PG1005", node, `the declaration must be literal, found ${describeExpression(node, this.sourceFile)}`, [
      LITERAL_NOTE,
    ]);
    return { kind: "invalid", span: this.span(node) };
  }

  /** The object the file declares, or null after reporting why there is none. */
  root(): RawNode | null {
    let exported: ts.ExportAssignment | null = null;
    for (const statement of this.sourceFile.statements) {
      if (ts.isExportAssignment(statement) && !statement.isExportEquals) {
        if (exported === null) exported = statement;
        else this.report("PG1004", statement, "the declaration file has more than one default export");
        continue;
      }
      if (
        ts.isImportDeclaration(statement) ||
        ts.isInterfaceDeclaration(statement) ||
        ts.isTypeAliasDeclaration(statement) ||
        ts.isEmptyStatement(statement) ||
        (ts.isExportDeclaration(statement) && statement.isTypeOnly)
      ) {
        continue;
      }
      if (hasDefaultModifier(statement)) {
        this.report("PG1004", statement, "the default export must be defineArrays({ ... })");
        continue;
      }
      this.report(
        "PG1007",
        statement,
        `a declaration file contains only imports, types and "export default defineArrays({ ... })", found ${describeStatement(statement)}`,
      );
    }
    if (exported === null) {
      const at = { file: this.file, offset: 0, length: 0 };
      this.diagnostics.push(
        createDiagnostic("PG1004", at, "the declaration file has no default export", {
          suggestion: "write export default defineArrays({ module: ..., arrays: { ... } })",
        }),
      );
      return null;
    }
    const expression = unwrap(exported.expression);
    if (ts.isObjectLiteralExpression(expression)) return this.value(expression, 0);
    if (ts.isCallExpression(expression)) {
      const callee = unwrap(expression.expression);
      if (!ts.isIdentifier(callee) || callee.text !== "defineArrays") {
        this.report("PG1004", callee, `the default export must be defineArrays({ ... }), found ${describeExpression(expression, this.sourceFile)}`);
        return null;
      }
      const [argument] = expression.arguments;
      if (expression.arguments.length !== 1 || argument === undefined) {
        this.report("PG1004", expression, `defineArrays takes one argument, found ${expression.arguments.length}`);
        return null;
      }
      return this.value(argument, 0);
    }
    this.report("PG1004", expression, `the default export must be defineArrays({ ... }), found ${describeExpression(expression, this.sourceFile)}`);
    return null;
  }

  value(written: ts.Expression, depth: number): RawNode {
    const node = unwrap(written);
    const span = this.span(node);
    if (depth > MAX_TS_DEPTH) {
      this.report("PG1008", node, `values are nested more than ${MAX_TS_DEPTH} deep`);
      return { kind: "invalid", span };
    }
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return { kind: "string", value: node.text, span };
    if (ts.isNumericLiteral(node)) return { kind: "number", value: Number(node.text), text: node.getText(this.sourceFile), span };
    if (ts.isBigIntLiteral(node)) return { kind: "bigint", value: parseBigInt(node.text), span };
    if (node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword) {
      return { kind: "boolean", value: node.kind === ts.SyntaxKind.TrueKeyword, span };
    }
    if (node.kind === ts.SyntaxKind.NullKeyword) return { kind: "null", span };
    if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken) {
      const operand = node.operand;
      if (ts.isNumericLiteral(operand)) {
        return { kind: "number", value: -Number(operand.text), text: node.getText(this.sourceFile), span };
      }
      if (ts.isBigIntLiteral(operand)) return { kind: "bigint", value: -parseBigInt(operand.text), span };
      return this.notLiteral(node);
    }
    if (ts.isArrayLiteralExpression(node)) {
      const elements = node.elements.map((element) =>
        ts.isSpreadElement(element) || ts.isOmittedExpression(element) ? this.notLiteral(element) : this.value(element, depth + 1),
      );
      return { kind: "array", elements, span };
    }
    if (ts.isObjectLiteralExpression(node)) return this.object(node, depth);
    return this.notLiteral(node);
  }

  object(node: ts.ObjectLiteralExpression, depth: number): RawNode {
    const properties: RawProperty[] = [];
    let incomplete = false;
    for (const member of node.properties) {
      if (ts.isPropertyAssignment(member)) {
        const name = member.name;
        if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) {
          const value = this.value(member.initializer, depth + 1);
          properties.push({ key: name.text, keySpan: this.span(name), value, span: this.span(member) });
          continue;
        }
        const what = ts.isComputedPropertyName(name) ? "a computed property name" : "a numeric property name";
        this.report("PG1006", name, `property names must be identifiers or strings, found ${what}`);
      } else if (ts.isShorthandPropertyAssignment(member)) {
        this.report(
          "PG1006",
          member,
          `the declaration must be literal, found the shorthand property ${quote(member.name.text)} (a variable)`,
          [`write ${member.name.text}: <value>`],
        );
      } else if (ts.isSpreadAssignment(member)) {
        this.notLiteral(member);
      } else {
        const what = ts.isMethodDeclaration(member) ? "a method" : "an accessor";
        this.report("PG1006", member, `the declaration must be literal, found ${what}`, [LITERAL_NOTE]);
      }
      incomplete = true;
    }
    return incomplete
      ? { kind: "object", properties, span: this.span(node), incomplete }
      : { kind: "object", properties, span: this.span(node) };
  }
}

/** The parser's text of a bigint literal: digits (any base), no separators, a trailing "n". */
function parseBigInt(text: string): bigint {
  return BigInt(text.replace(/_/g, "").replace(/n$/, ""));
}

function toDiagnostic(diagnostic: ts.DiagnosticWithLocation, file: string): Diagnostic {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, " ").replace(/\s+/g, " ");
  return createDiagnostic("PG1002", { file, offset: diagnostic.start, length: diagnostic.length }, message);
}

export function readTs(source: SourceText): ReadResult {
  const sourceFile = ts.createSourceFile(INTERNAL_FILE_NAME, source.text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const syntax = syntaxDiagnostics(sourceFile);
  if (syntax.length > 0) return { document: null, diagnostics: syntax.map((d) => toDiagnostic(d, source.path)) };
  const reader = new TsReader(sourceFile, source.path);
  const root = reader.root();
  const document: RawDocument | null = root === null ? null : { format: "ts", path: source.path, root };
  return { document, diagnostics: reader.diagnostics };
}
