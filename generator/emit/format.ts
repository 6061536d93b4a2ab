/**
 * prettier with fixed options (no config file lookup: the output may not depend on where it is
 * generated). prettier is pinned exactly in package.json: its output changes between versions.
 */
import * as prettier from "prettier";

const OPTIONS: prettier.Options = {
  // babel-ts prints the same as the typescript parser for this code and parses ~1.7x faster.
  parser: "babel-ts",
  printWidth: 110,
  tabWidth: 2,
  useTabs: false,
  semi: true,
  singleQuote: false,
  trailingComma: "all",
  bracketSpacing: true,
  arrowParens: "always",
  endOfLine: "lf",
};

/** What formatting depends on besides its input: prettier's version and our options. */
export const PRETTIER_FINGERPRINT = `${prettier.version} ${JSON.stringify(OPTIONS)}`;

export async function formatTs(text: string): Promise<string> {
  return prettier.format(text, OPTIONS);
}
