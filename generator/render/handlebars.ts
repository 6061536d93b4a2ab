/**
 * The Handlebars environment for code: an isolated instance, `noEscape` (HTML escaping would
 * turn `=>` into `&#x3D;&gt;`), `strict` (a field the plan lacks is an error, not an empty
 * string) and `knownHelpersOnly` with no helpers of our own: templates interpolate plan fields
 * and nothing computes in them.
 */
import Handlebars from "handlebars";
import { templateSources } from "./templates.js";

export type CompiledTemplate = (context: object) => string;

let env: { array: CompiledTemplate; index: CompiledTemplate } | null = null;

export function templates(): { array: CompiledTemplate; index: CompiledTemplate } {
  if (env !== null) return env;
  const hb = Handlebars.create();
  const src = templateSources();
  const options = { noEscape: true, strict: true, knownHelpersOnly: true } as const;
  for (const [name, text] of Object.entries(src.partials)) hb.registerPartial(name, hb.compile(text, options));
  env = { array: hb.compile(src.array, options), index: hb.compile(src.index, options) };
  return env;
}
