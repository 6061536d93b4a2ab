/**
 * Loads the template files shipped in the package's `templates/` folder, found by walking up
 * from this module (it runs from the sources under vitest and from dist/ when built).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export interface TemplateSources {
  readonly array: string;
  readonly index: string;
  readonly partials: Readonly<Record<string, string>>;
}

export function templatesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, "templates", "ts", "array.ts.hbs");
    if (existsSync(candidate)) return join(dir, "templates");
    const parent = dirname(dir);
    if (parent === dir) throw new Error("probegen: templates/ not found next to the package");
    dir = parent;
  }
}

export function templateSources(): TemplateSources {
  const ts = join(templatesDir(), "ts");
  const partials: Record<string, string> = {};
  for (const f of readdirSync(join(ts, "partials")).sort()) {
    if (f.endsWith(".hbs")) partials[f.slice(0, -4)] = readFileSync(join(ts, "partials", f), "utf8");
  }
  return {
    array: readFileSync(join(ts, "array.ts.hbs"), "utf8"),
    index: readFileSync(join(ts, "index.ts.hbs"), "utf8"),
    partials,
  };
}
