// The shipped JSON Schema names exactly the fields the checker accepts, so editors and the
// generator never disagree about what a declaration may contain.
import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { ARRAY_FIELDS, DEFAULTS_FIELDS, ROOT_FIELDS } from "../../generator/model/check.js";

const schema = JSON.parse(readFileSync(new URL("../../schema/declaration.schema.json", import.meta.url), "utf8"));

test("schema fields match the checker's", () => {
  expect(Object.keys(schema.properties).sort()).toEqual(["$schema", ...ROOT_FIELDS].sort());
  expect(Object.keys(schema.properties.defaults.properties).sort()).toEqual([...DEFAULTS_FIELDS].sort());
  expect(Object.keys(schema.$defs.array.properties).sort()).toEqual([...ARRAY_FIELDS].sort());
});
