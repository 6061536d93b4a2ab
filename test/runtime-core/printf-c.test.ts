// Cross-checks sprintf against the C library's printf: random formats and int64 values are
// formatted by a tiny C program (built here with gcc) and by sprintf, line by line.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { PrintfArg } from "../../runtime-core/contract.js";
import { INT64_MAX, INT64_MIN } from "../../runtime-core/int64.js";
import { sprintf } from "../../runtime-core/printf.js";

const hasGcc = spawnSync("gcc", ["--version"]).status === 0;
if (!hasGcc) console.warn("printf-c.test.ts: gcc not found, the C printf cross-check is skipped");

const C_SOURCE = `
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

/* One case per line: KIND \\t FORMAT \\t ARGS... (tab separated); one result line each. */
int main(void) {
  static char line[4096];
  while (fgets(line, sizeof line, stdin)) {
    line[strcspn(line, "\\n")] = 0;
    char *f[6] = {0};
    int n = 0;
    for (char *p = line; n < 6; n++) {
      f[n] = p;
      char *t = strchr(p, '\\t');
      if (!t) { n++; break; }
      *t = 0;
      p = t + 1;
    }
    const char *fmt = f[1];
    switch (f[0][0]) {
      case 'L': printf(fmt, strtoll(f[2], 0, 10)); break;
      case 'U': printf(fmt, (unsigned long long)strtoll(f[2], 0, 10)); break;
      case 'W': printf(fmt, atoi(f[2]), atoi(f[3]), strtoll(f[4], 0, 10)); break;
      case 'V': printf(fmt, atoi(f[2]), atoi(f[3]), (unsigned long long)strtoll(f[4], 0, 10)); break;
      case 'S': printf(fmt, f[2] ? f[2] : ""); break;
      case 'T': printf(fmt, atoi(f[2]), atoi(f[3]), f[4] ? f[4] : ""); break;
      case 'C': printf(fmt, (int)strtoll(f[2], 0, 10)); break;
      case 'P': printf(fmt, (void *)(uintptr_t)strtoull(f[2], 0, 10)); break;
    }
    putchar('\\n');
  }
  return 0;
}
`;

/** Deterministic PRNG (mulberry32), so a failure reproduces. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Case {
  readonly line: string;
  readonly format: string;
  readonly args: PrintfArg[];
}

function buildCases(count: number): Case[] {
  const r = rng(20240611);
  const int = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)];
  const edges = [0n, 1n, -1n, 7n, 8n, 255n, -256n, INT64_MIN, INT64_MAX, INT64_MIN + 1n, INT64_MAX - 1n, 2n ** 53n, -(2n ** 53n) + 1n, 2n ** 32n, -(2n ** 31n)];
  const long = (): bigint => {
    const k = r();
    if (k < 0.25) return pick(edges);
    if (k < 0.5) return BigInt(int(-100000, 100000));
    const hi = BigInt(int(0, 2 ** 31 - 1)) * (r() < 0.5 ? -1n : 1n);
    return BigInt.asIntN(64, (hi << 32n) | BigInt(int(0, 2 ** 32 - 1)));
  };
  // Safe longs go in as numbers half of the time, to cover both paths.
  const asArg = (v: bigint): PrintfArg => (v >= -(2n ** 53n) + 1n && v <= 2n ** 53n - 1n && r() < 0.5 ? Number(v) : v);
  const flags = (allowed: string): string => {
    let s = "";
    for (const c of allowed) if (r() < 0.3) s += c;
    return r() < 0.2 ? s + s : s;
  };
  const width = (): string => (r() < 0.5 ? "" : String(int(0, 30)));
  const precision = (): string => {
    const k = r();
    return k < 0.5 ? "" : k < 0.6 ? "." : `.${int(0, 25)}`;
  };
  const text = (): string => {
    let s = "";
    const n = int(0, 20);
    for (let i = 0; i < n; i++) s += String.fromCharCode(pick([int(0x20, 0x7e), int(0x61, 0x7a)]));
    return s.replace(/%/g, "p");
  };
  const cases: Case[] = [];
  for (let i = 0; i < count; i++) {
    const kind = r();
    if (kind < 0.6) {
      const conv = pick(["d", "i", "u", "x", "X", "o"]);
      const signed = conv === "d" || conv === "i";
      const spec = flags(conv === "u" || signed ? "-+ 0" : "-+ #0") + width() + precision();
      const v = long();
      cases.push({ line: `${signed ? "L" : "U"}\t%${spec}ll${conv}\t${v}`, format: `[%${spec}${conv}]`, args: [asArg(v)] });
    } else if (kind < 0.72) {
      const conv = pick(["d", "u", "x", "o"]);
      const signed = conv === "d";
      const f = flags(signed ? "-+ 0" : "-#0");
      const w = int(-30, 30);
      const p = int(-5, 25);
      const v = long();
      cases.push({ line: `${signed ? "W" : "V"}\t%${f}*.*ll${conv}\t${w}\t${p}\t${v}`, format: `[%${f}*.*${conv}]`, args: [w, p, asArg(v)] });
    } else if (kind < 0.85) {
      const spec = flags("-") + width() + precision();
      const s = text();
      cases.push({ line: `S\t%${spec}s\t${s}`, format: `[%${spec}s]`, args: [s] });
    } else if (kind < 0.9) {
      const w = int(-20, 20);
      const p = int(-3, 20);
      const s = text();
      cases.push({ line: `T\t%${flags("-")}*.*s\t${w}\t${p}\t${s}`, format: "", args: [w, p, s] });
      const c = cases[cases.length - 1];
      cases[cases.length - 1] = { ...c, format: `[${c.line.split("\t")[1]}]` };
    } else if (kind < 0.95) {
      const spec = flags("-") + width();
      const v = BigInt(int(0x20, 0x7e)) + 256n * BigInt(int(-1000, 1000));
      cases.push({ line: `C\t%${spec}c\t${v}`, format: `[%${spec}c]`, args: [asArg(v)] });
    } else {
      const spec = flags("-") + width();
      let v = long();
      if (v === 0n) v = 1n;
      cases.push({ line: `P\t%${spec}p\t${BigInt.asUintN(64, v)}`, format: `[%${spec}p]`, args: [asArg(v)] });
    }
  }
  return cases;
}

describe.skipIf(!hasGcc)("sprintf against C printf (gcc, glibc)", () => {
  const dir = mkdtempSync(join(tmpdir(), "probegen-printf-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("formats 4000 random directives exactly as C does", () => {
    writeFileSync(join(dir, "p.c"), C_SOURCE);
    execFileSync("gcc", ["-O1", "-o", join(dir, "p"), join(dir, "p.c")]);
    const cases = buildCases(4000);
    const out = execFileSync(join(dir, "p"), { input: cases.map((c) => c.line + "\n").join("") }).toString("latin1");
    const lines = out.split("\n");
    expect(lines.length).toBe(cases.length + 1);
    const mismatches: string[] = [];
    cases.forEach((c, i) => {
      const ours = sprintf(c.format, c.args);
      if (ours !== `[${lines[i]}]`) mismatches.push(`${c.line.replace(/\t/g, " | ")}: C [${lines[i]}] ours ${ours}`);
    });
    expect(mismatches.slice(0, 10)).toEqual([]);
  });
});
