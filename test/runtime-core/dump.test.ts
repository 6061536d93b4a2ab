import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { DumpTooLargeError } from "../../runtime-core/errors.js";
import { MAX_DUMP_BYTES, hexdump } from "../../runtime-core/dump.js";

const hexdumpAvailable = spawnSync("hexdump", ["-C"], { input: "" }).status === 0;
if (!hexdumpAvailable) {
  if (process.env["CI"] === "true") throw new Error("hexdump is required under CI (Debian: apt-get install bsdextrautils)");
  console.warn("hexdump not found: skipping the comparison with `hexdump -C` (apt-get install bsdextrautils)");
}

function systemHexdump(bytes: Uint8Array): string {
  const r = spawnSync("hexdump", ["-C"], { input: bytes, encoding: "latin1" });
  if (r.status !== 0) throw new Error(`hexdump failed: ${r.stderr}`);
  return r.stdout;
}

const dir = mkdtempSync(join(tmpdir(), "probegen-dump-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function systemHexdumpRange(bytes: Uint8Array, offset: number, length: number): string {
  const file = join(dir, "data.bin");
  writeFileSync(file, bytes);
  const r = spawnSync("hexdump", ["-C", "-s", String(offset), "-n", String(length), file], { encoding: "latin1" });
  if (r.status !== 0) throw new Error(`hexdump failed: ${r.stderr}`);
  return r.stdout;
}

/** Data with long runs of identical 16-byte lines, partial lines and every byte value. */
const dumpData = fc
  .array(
    fc.oneof(
      fc.uint8Array({ maxLength: 40 }),
      fc.record({ line: fc.uint8Array({ minLength: 16, maxLength: 16 }), times: fc.integer({ min: 1, max: 6 }) }).map(({ line, times }) => {
        const out = new Uint8Array(16 * times);
        for (let i = 0; i < times; i++) out.set(line, 16 * i);
        return out;
      }),
      fc.integer({ min: 1, max: 70 }).map((n) => new Uint8Array(n)),
    ),
    { maxLength: 8 },
  )
  .map((parts) => Buffer.concat(parts))
  .map((b) => new Uint8Array(b.buffer, b.byteOffset, Math.min(b.length, MAX_DUMP_BYTES)));

describe.skipIf(!hexdumpAvailable)("hexdump against `hexdump -C`", () => {
  it("prints the same bytes for random data with repeated lines", () => {
    fc.assert(
      fc.property(dumpData, (bytes) => {
        expect(hexdump(bytes)).toBe(systemHexdump(bytes));
      }),
      { numRuns: 300 },
    );
  });

  it("prints the same bytes as -s/-n for a range", () => {
    fc.assert(
      fc.property(
        dumpData.filter((b) => b.length > 0),
        fc.nat(),
        fc.nat(),
        (bytes, o, l) => {
          const offset = o % (bytes.length + 1);
          const length = l % (bytes.length - offset + 1);
          fc.pre(length > 0);
          expect(hexdump(bytes, { offset, length })).toBe(systemHexdumpRange(bytes, offset, length));
        },
      ),
      { numRuns: 100 },
    );
  });

  it("matches for every byte value and for exactly 4096 bytes", () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(hexdump(all)).toBe(systemHexdump(all));
    const big = Uint8Array.from({ length: MAX_DUMP_BYTES }, (_, i) => (i < 2000 ? 0x41 : i & 0xff));
    expect(hexdump(big)).toBe(systemHexdump(big));
  });

  it("prints nothing for empty data, like hexdump", () => {
    expect(systemHexdump(new Uint8Array(0))).toBe("");
  });
});

describe("hexdump", () => {
  it("has the canonical layout", () => {
    expect(hexdump(new TextEncoder().encode("Hello, world!\n\x00\x7f\x80\xff"))).toBe(
      "00000000  48 65 6c 6c 6f 2c 20 77  6f 72 6c 64 21 0a 00 7f  |Hello, world!...|\n" +
        "00000010  c2 80 c3 bf                                       |....|\n" +
        "00000014\n",
    );
    expect(hexdump(new Uint8Array(64))).toBe(
      "00000000  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n*\n00000040\n",
    );
  });

  it("prints nothing at all for empty data or an empty range", () => {
    expect(hexdump(new Uint8Array(0))).toBe("");
    expect(hexdump(new Uint8Array(10), { offset: 10 })).toBe("");
    expect(hexdump(new Uint8Array(10), { offset: 2, length: 0 })).toBe("");
  });

  it("shows offsets within the data and cuts the length to it", () => {
    const bytes = new TextEncoder().encode("0123456789");
    expect(hexdump(bytes, { offset: 4, length: 100 })).toBe(
      "00000004  34 35 36 37 38 39                                 |456789|\n0000000a\n",
    );
  });

  it("refuses more than 4096 bytes with SystemTap's message", () => {
    expect(() => hexdump(new Uint8Array(4097))).toThrow(new DumpTooLargeError(4097));
    expect(() => hexdump(new Uint8Array(4097))).toThrow("4097 is too many bytes for a memory dump");
    expect(() => hexdump(new Uint8Array(10_000), { offset: 100, length: 5000 })).toThrow(
      "5000 is too many bytes for a memory dump",
    );
    expect(hexdump(new Uint8Array(10_000), { offset: 100, length: 4096 })).toMatch(/^00000064 {2}00/);
  });

  it("rejects an offset beyond the data and negative or fractional bounds", () => {
    expect(() => hexdump(new Uint8Array(4), { offset: 5 })).toThrow(RangeError);
    expect(() => hexdump(new Uint8Array(4), { offset: -1 })).toThrow(RangeError);
    expect(() => hexdump(new Uint8Array(4), { length: 1.5 })).toThrow(RangeError);
  });
});
