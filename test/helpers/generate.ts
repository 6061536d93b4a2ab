/**
 * Generates a module from a model into .cache/gen/ (inside the repo, so vitest resolves
 * `probegen/runtime` through its alias) and imports it.
 */
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ModuleModel } from "../../generator/model/model.js";
import { planModule } from "../../generator/plan/plan.js";
import { renderModule } from "../../generator/render/render.js";
import { formatTs } from "../../generator/emit/format.js";

const root = fileURLToPath(new URL("../../", import.meta.url));

export async function generateInto(model: ModuleModel, tag: string): Promise<string> {
  const plan = planModule(model, "test.decl.json");
  const raw = renderModule(plan, "probegen/runtime");
  const texts = await Promise.all(raw.map(async (f) => ({ path: f.path, text: await formatTs(f.text) })));
  const digest = createHash("sha256").update(JSON.stringify(texts)).digest("hex").slice(0, 12);
  const dir = join(root, ".cache", "gen", `${tag}-${digest}`);
  mkdirSync(dir, { recursive: true });
  for (const f of texts) writeFileSync(join(dir, f.path), f.text);
  return dir;
}

/** Imports a generated module (its index.ts). */
export async function loadGenerated(model: ModuleModel, tag: string): Promise<Record<string, unknown>> {
  const dir = await generateInto(model, tag);
  return (await import(/* @vite-ignore */ join(dir, "index.ts"))) as Record<string, unknown>;
}
