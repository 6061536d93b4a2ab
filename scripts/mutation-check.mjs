#!/usr/bin/env node
// Deliberately breaks the generated code (one template or runtime mutation at a time), runs the
// differential property tests, and reports whether they caught it. Every mutation must be
// "killed"; a survivor means the property tests have a blind spot.
//   node scripts/mutation-check.mjs            (restores every file afterwards)
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";

const MUTATIONS = [
  ["wrap evicts the newest entry", "templates/ts/array.ts.hbs", "this.#removeEntry(this.#head);", "this.#removeEntry(this.#tail);", "test/behaviour/shapes/i_i.test.ts"],
  ["lru: no operation is a use", "templates/ts/partials/touch.hbs", "this.#touch(this.#entryAt({{at}}));", "", "test/behaviour/shapes/s_i.test.ts"],
  ["drop does not count", "templates/ts/array.ts.hbs", "this.#dropped++;", "", "test/behaviour/shapes/i_s.test.ts"],
  ["grow adds one instead of doubling", "templates/ts/array.ts.hbs", "Math.min(this.#capacity * 2, GROW_LIMIT)", "Math.min(this.#capacity + 1, GROW_LIMIT)", "test/behaviour/shapes/s_s.test.ts"],
  ["backward shift moves entries past their home", "templates/ts/partials/index-slots.hbs", "if (i <= j ? i < home && home <= j : i < home || home <= j) continue;", "if (i <= j ? i < home && home < j : i < home || home < j) continue;", "test/behaviour/churn.test.ts"],
  ["high word of a negative key", "templates/ts/partials/decode-long.hbs", "({{param}} - ({{param}} >>> 0))", "({{param}} - ({{param}} | 0))", "test/behaviour/shapes/i_i.test.ts"],
  ["interned string released twice", "templates/ts/partials/index-slots.hbs", "if (--this.#internRefs[id]! > 0) return;", "if (--this.#internRefs[id]! > 1) return;", "test/behaviour/shapes/is_i.test.ts"],
  ["add overflow check off by one", "templates/ts/partials/value-long.hbs", "if (r <= 9007199254740991 && r >= -9007199254740991) {", "if (r <= 9007199254740992 && r >= -9007199254740992) {", "test/behaviour/churn.test.ts"],
  ["a moved slot leaves its value behind", "templates/ts/partials/value-long.hbs", "this.#values[to] = this.#values[from]!;", "", "test/behaviour/shapes/ii_i.test.ts"],
  ["string value truncated one byte long", "templates/ts/partials/value-string.hbs", "truncateUtf8(this.#values[at]! + v, MAX_STRING_BYTES)", "truncateUtf8(this.#values[at]! + v, MAX_STRING_BYTES + 1)", "test/behaviour/shapes/s_s.test.ts"],
  ["truncation splits a character", "runtime-core/strings.ts", "if (bytes + width > maxBytes) return s.slice(0, i);", "if (bytes + 1 > maxBytes) return s.slice(0, i);", "test/behaviour/shapes/s_s.test.ts"],
  ["descending sort reverses ties", "runtime-core/select.ts", "return c < 0 || (c === 0 && i < j);", "return c < 0 || (c === 0 && (descending ? i > j : i < j));", "test/runtime-core/select.test.ts"],
  ["stats min keeps the larger", "templates/ts/partials/value-stats.hbs", "if (n === 1 || x < min ||", "if (n === 1 || x > min ||", "test/behaviour/shapes/stats.test.ts"],
  ["Welford divides by n + 1", "templates/ts/partials/value-stats.hbs", "st[o + {{stats.offMean}}]! + d / n);\n    st[o", "st[o + {{stats.offMean}}]! + d / (n + 1));\n    st[o", "test/behaviour/shapes/stats.test.ts"],
  ["log2 bucket of a bigint sample off by one", "templates/ts/partials/value-stats.hbs", "const b = e * HIST_BUCKETS + log2BucketBig(x);", "const b = e * HIST_BUCKETS + ((log2BucketBig(x) + 1) % 128);", "test/behaviour/shapes/stats.test.ts"],
];

let survived = 0;
for (const [name, file, from, to, test] of MUTATIONS) {
  const original = readFileSync(file, "utf8");
  if (!original.includes(from)) {
    console.log(`?? ${name}: pattern not found in ${file}`);
    survived++;
    continue;
  }
  writeFileSync(file, original.replace(from, to));
  let killed = false;
  try {
    execFileSync("npx", ["vitest", "run", test], { stdio: "pipe", timeout: 300_000 });
  } catch {
    killed = true;
  } finally {
    writeFileSync(file, original);
  }
  console.log(`${killed ? "killed  " : "SURVIVED"} ${name} (${test})`);
  if (!killed) survived++;
}
console.log(`${MUTATIONS.length - survived}/${MUTATIONS.length} mutations killed`);
process.exitCode = survived === 0 ? 0 : 1;
