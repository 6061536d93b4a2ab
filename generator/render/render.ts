/** Stage 4: plan -> raw text files (unformatted, no decisions left). */
import type { ModulePlan } from "../plan/plan.js";
import { templates } from "./handlebars.js";

export interface RawFile {
  /** Path relative to the output folder, `/` separators. */
  readonly path: string;
  readonly text: string;
}

export function renderModule(plan: ModulePlan, runtimeModule: string): RawFile[] {
  const t = templates();
  const files: RawFile[] = plan.arrays.map((a) => ({ path: a.fileName, text: t.array({ ...a, runtimeModule }) }));
  files.push({
    path: "index.ts",
    text: t.index({ ...plan, runtimeModule, moduleLiteral: JSON.stringify(plan.module) }),
  });
  return files;
}
