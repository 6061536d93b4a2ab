import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import {
  type UserMemory,
  copyFromUser,
  createRegionMemory,
  formatAddress,
  resetUserMemoryWarnings,
  userInt16,
  userInt32,
  userInt64,
  userInt8,
  userMemoryWarnings,
  userString,
  userUint16,
  userUint32,
  userUint64,
  userUint8,
} from "../../runtime-core/user-memory.js";

const BASE = 0x10000;

function region(bytes: number[] | Uint8Array, base: number | bigint = BASE): UserMemory {
  return createRegionMemory({ base, buffer: Uint8Array.from(bytes) });
}

beforeEach(() => resetUserMemoryWarnings());

describe("copyFromUser over a region", () => {
  const mem = region([1, 2, 3, 4, 5, 6, 7, 8]);

  it("copies all readable bytes and returns 0", () => {
    const dst = new Uint8Array(8);
    expect(copyFromUser(dst, mem, BASE, 8)).toBe(0);
    expect([...dst]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const small = new Uint8Array(5).fill(9);
    expect(copyFromUser(small, mem, BigInt(BASE + 2), 3)).toBe(0);
    expect([...small]).toEqual([3, 4, 5, 9, 9]);
  });

  it("copies the bytes before a fault, none after, and returns the count not copied", () => {
    const dst = new Uint8Array(10).fill(0xee);
    expect(copyFromUser(dst, mem, BASE + 5, 10)).toBe(7);
    expect([...dst]).toEqual([6, 7, 8, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee]);
  });

  it("returns -14 and leaves dst untouched when the first byte is unreadable", () => {
    const dst = new Uint8Array(4).fill(0xee);
    for (const a of [BASE - 1, BASE + 8, 0, -1, 1.5, Number.NaN, -1n, 2n ** 64n, 2n ** 64n - 1n]) {
      expect(copyFromUser(dst, mem, a, 4)).toBe(-14);
    }
    expect([...dst]).toEqual([0xee, 0xee, 0xee, 0xee]);
  });

  it("returns 0 for an empty copy and throws RangeError on a bad length", () => {
    expect(copyFromUser(new Uint8Array(0), mem, 0, 0)).toBe(0);
    expect(() => copyFromUser(new Uint8Array(2), mem, BASE, 3)).toThrow(RangeError);
    expect(() => copyFromUser(new Uint8Array(2), mem, BASE, -1)).toThrow(RangeError);
    expect(() => copyFromUser(new Uint8Array(2), mem, BASE, 0.5)).toThrow(RangeError);
  });

  it("continues into an adjacent region but stops at a hole", () => {
    const two = createRegionMemory([
      { base: 100n, buffer: new Uint8Array([1, 2]) },
      { base: 102, buffer: new Uint8Array([3, 4]).buffer },
      { base: 107, buffer: new Uint8Array([9]) },
    ]);
    const dst = new Uint8Array(8);
    expect(copyFromUser(dst, two, 101, 8)).toBe(5);
    expect([...dst.subarray(0, 3)]).toEqual([2, 3, 4]);
    expect(copyFromUser(dst, two, 104, 1)).toBe(-14);
    expect(userUint8(two, 107)).toBe(9);
  });

  it("reads a SharedArrayBuffer live, at a base above 2^53", () => {
    const sab = new SharedArrayBuffer(8);
    const base = 0xffff_8000_0000_0000n;
    const mem64 = createRegionMemory({ base, buffer: sab });
    new DataView(sab).setBigUint64(0, 0x0102030405060708n, true);
    expect(userUint64(mem64, base)).toBe(0x0102030405060708n);
    new Uint8Array(sab)[7] = 0xff;
    expect(userInt64(mem64, base)).toBe(0xff02030405060708n - 2n ** 64n);
    expect(userUint16(mem64, base + 6n)).toBe(0xff02);
    expect(userUint8(mem64, base + 8n)).toBe(0);
    expect(userMemoryWarnings().last).toBe("user uint8 copy fault -14 at 0xffff800000000008");
  });

  it("rejects overlapping regions and regions past 2^64", () => {
    expect(() => createRegionMemory([{ base: 0, buffer: new Uint8Array(4) }, { base: 3, buffer: new Uint8Array(4) }])).toThrow(
      "memory regions overlap",
    );
    expect(() => createRegionMemory({ base: 2n ** 64n - 2n, buffer: new Uint8Array(4) })).toThrow(RangeError);
    expect(() => createRegionMemory({ base: -1, buffer: new Uint8Array(4) })).toThrow(RangeError);
  });

  it("treats a source that throws as a fault", () => {
    const broken: UserMemory = {
      read() {
        throw new Error("boom");
      },
    };
    expect(copyFromUser(new Uint8Array(1), broken, 1, 1)).toBe(-14);
    expect(userString(broken, 1)).toBe("<unknown>");
    expect(userInt32(broken, 1)).toBe(0);
    expect(userMemoryWarnings().count).toBe(2);
  });

  it("agrees with a byte-by-byte model on random reads", () => {
    const bytes = Uint8Array.from({ length: 64 }, (_, i) => i + 1);
    const m = region(bytes);
    fc.assert(
      fc.property(fc.integer({ min: BASE - 80, max: BASE + 80 }), fc.integer({ min: 0, max: 100 }), (addr, len) => {
        const dst = new Uint8Array(len).fill(0);
        const r = copyFromUser(dst, m, addr, len);
        let readable = 0;
        while (readable < len && addr + readable >= BASE && addr + readable < BASE + 64) readable++;
        if (len === 0) expect(r).toBe(0);
        else if (readable === 0) {
          expect(r).toBe(-14);
          expect(dst.every((b) => b === 0)).toBe(true);
        } else {
          expect(r).toBe(len - readable);
          expect([...dst.subarray(0, readable)]).toEqual([...bytes.subarray(addr - BASE, addr - BASE + readable)]);
          expect(dst.subarray(readable).every((b) => b === 0)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("userString", () => {
  const enc = new TextEncoder();

  it("reads up to the NUL or the limit", () => {
    const mem = region([...enc.encode("hello"), 0, ...enc.encode("world")]);
    expect(userString(mem, BASE)).toBe("hello");
    expect(userString(mem, BASE, 3)).toBe("hel");
    expect(userString(mem, BASE + 6, 5)).toBe("world");
    expect(userString(mem, BASE, 0)).toBe("");
    expect(userMemoryWarnings().count).toBe(0);
  });

  it("on a fault returns the fallback and counts a warning", () => {
    const mem = region([...enc.encode("abc")]);
    expect(userString(mem, BASE)).toBe("<unknown>");
    expect(userMemoryWarnings()).toEqual({ count: 1, last: `user string copy fault -14 at 0x${BASE.toString(16)}` });
    expect(userString(mem, 5, 10, "")).toBe("");
    expect(userString(mem, -1)).toBe("<unknown>");
    expect(userMemoryWarnings()).toEqual({ count: 3, last: "user string copy fault -14 at 0xffffffffffffffff" });
    const seen: string[] = [];
    expect(userString(mem, 0x20, 4, "x", (m) => seen.push(m))).toBe("x");
    expect(seen).toEqual(["user string copy fault -14 at 0x20"]);
    expect(userMemoryWarnings().count).toBe(3);
  });

  it("decodes UTF-8 and never cuts a character at the limit", () => {
    const mem = region([...enc.encode("é€😀"), 0]);
    expect(userString(mem, BASE)).toBe("é€😀");
    expect(userString(mem, BASE, 2)).toBe("é");
    expect(userString(mem, BASE, 4)).toBe("é");
    expect(userString(mem, BASE, 5)).toBe("é€");
    expect(userString(mem, BASE, 8)).toBe("é€");
    expect(userString(mem, BASE, 9)).toBe("é€😀");
    expect(userString(region([0x61, 0xff, 0x62, 0]), BASE)).toBe("a\ufffdb");
  });

  it("throws RangeError on a bad maxLength", () => {
    expect(() => userString(region([0]), BASE, -1)).toThrow(RangeError);
  });
});

describe("integer readers", () => {
  const bytes = [0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x80];
  const mem = region(bytes);

  it("read little-endian signed and unsigned values", () => {
    expect(userInt8(mem, BASE)).toBe(-2);
    expect(userUint8(mem, BASE)).toBe(0xfe);
    expect(userInt16(mem, BASE)).toBe(-2);
    expect(userUint16(mem, BASE)).toBe(0xfffe);
    expect(userInt32(mem, BASE)).toBe(-2);
    expect(userUint32(mem, BASE)).toBe(0xfffffffe);
    expect(userInt64(mem, BASE)).toBe(-0x7f00000000000002n);
    expect(userUint64(mem, BASE)).toBe(0x80fffffffffffffen);
    expect(userInt8(mem, BASE + 7)).toBe(-128);
    expect(userMemoryWarnings().count).toBe(0);
  });

  it("return 0 and warn when any byte of the value is unreadable", () => {
    expect(userInt16(mem, BASE + 7)).toBe(0);
    expect(userUint32(mem, BASE + 6)).toBe(0);
    expect(userInt64(mem, BASE + 1)).toBe(0n);
    expect(userInt8(mem, BASE - 1)).toBe(0);
    expect(userMemoryWarnings()).toEqual({ count: 4, last: `user int8 copy fault -14 at 0x${(BASE - 1).toString(16)}` });
  });
});

describe("formatAddress", () => {
  it("prints %lx", () => {
    expect(formatAddress(0)).toBe("0x0");
    expect(formatAddress(0xdeadbeefn)).toBe("0xdeadbeef");
    expect(formatAddress(-14)).toBe("0xfffffffffffffff2");
  });
});
