import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PrintBuffer } from "../../runtime-core/io/print-buffer.js";

const collect = (size: number) => {
  const records: string[] = [];
  const buf = new PrintBuffer((r) => records.push(Buffer.from(r).toString("utf8")), size);
  return { records, buf };
};

describe("PrintBuffer", () => {
  it("writes nothing until flushed, then one record with everything in order", () => {
    const { records, buf } = collect(64);
    buf.write("a");
    buf.write("bc\n");
    expect(records).toEqual([]);
    expect(buf.pending).toBe(4);
    buf.flush();
    expect(records).toEqual(["abc\n"]);
    buf.flush();
    expect(records).toEqual(["abc\n"]);
  });

  it("flushes before a text that does not fit, never splitting it", () => {
    const { records, buf } = collect(16);
    buf.write("0123456789");
    buf.write("abcdefgh");
    expect(records).toEqual(["0123456789"]);
    buf.flush();
    expect(records).toEqual(["0123456789", "abcdefgh"]);
  });

  it("fills the buffer exactly to its size", () => {
    const { records, buf } = collect(16);
    buf.write("0123456789abcdef");
    expect(records).toEqual([]);
    buf.write("x");
    expect(records).toEqual(["0123456789abcdef"]);
  });

  it("counts UTF-8 bytes, not UTF-16 units", () => {
    const { records, buf } = collect(16);
    buf.write("ééééééé"); // 14 bytes
    buf.write("é"); // 2 more: exactly 16
    expect(records).toEqual([]);
    buf.write("😀"); // 4 bytes: does not fit
    expect(records).toEqual(["éééééééé"]);
    buf.flush();
    expect(records[1]).toBe("😀");
  });

  it("passes a text larger than the buffer whole as its own record", () => {
    const { records, buf } = collect(16);
    buf.write("head");
    const big = "x".repeat(100);
    buf.write(big);
    buf.write("tail");
    buf.flush();
    expect(records).toEqual(["head", big, "tail"]);
  });

  it("hands out copies: later writes do not change an earlier record", () => {
    const raw: Uint8Array[] = [];
    const buf = new PrintBuffer((r) => raw.push(r), 16);
    buf.write("first");
    buf.flush();
    buf.write("XXXXX");
    buf.flush();
    expect(Buffer.from(raw[0]!).toString()).toBe("first");
  });

  it("defaults to 8192 bytes and rejects a silly size", () => {
    expect(new PrintBuffer(() => {}).size).toBe(8192);
    expect(() => new PrintBuffer(() => {}, 3)).toThrow(/print buffer size/);
  });

  it("fills exactly to the byte even when the text mixes widths", () => {
    const { records, buf } = collect(16);
    for (const t of ["aaaa", "é", "bbbbbbbbb", "c", "d"]) buf.write(t);
    expect(records).toEqual(["aaaaébbbbbbbbbc"]);
    expect(Buffer.byteLength(records[0]!)).toBe(16);
    expect(buf.pending).toBe(1);
  });

  it("property: records are the input in order, each as full as the next text allows", () => {
    const piece = fc.oneof(fc.string({ maxLength: 12 }), fc.string({ unit: "grapheme", maxLength: 8 }), fc.constant("\n"));
    fc.assert(
      fc.property(fc.integer({ min: 16, max: 64 }), fc.array(fc.tuple(piece, fc.boolean()), { maxLength: 60 }), (size, ops) => {
        const records: Buffer[] = [];
        const buf = new PrintBuffer((r) => records.push(Buffer.from(r)), size);
        let input = "";
        for (const [text, flush] of ops) {
          const before = records.length;
          buf.write(text);
          input += text;
          // A record emitted by a write (not a flush) must not have had room for that text.
          for (let r = before; r < records.length; r++) {
            const rec = records[r]!;
            const isOversizedText = rec.toString() === text && Buffer.byteLength(text) > size;
            if (!isOversizedText) expect(rec.length + Buffer.byteLength(text)).toBeGreaterThan(size);
          }
          if (flush) buf.flush();
        }
        buf.flush();
        expect(Buffer.concat(records).toString()).toBe(input);
        for (const r of records) {
          expect(r.length).toBeGreaterThan(0);
          if (r.length > size) expect(ops.some(([t]) => t === r.toString())).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
