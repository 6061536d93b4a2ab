/**
 * UserMemory over /proc/PID/mem against a real process: a tiny C program (built here with gcc)
 * prints the addresses of known data and of a page it unmapped, then waits on stdin.
 */
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ProcessMemory,
  copyFromUser,
  openProcessMemory,
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

const source = fileURLToPath(new URL("./fixtures/c/user-memory-target.c", import.meta.url));
const gccAvailable = spawnSync("gcc", ["--version"]).status === 0;
const runnable = process.platform === "linux" && gccAvailable;
if (!runnable) {
  if (process.env["CI"] === "true") throw new Error("gcc on Linux is required under CI for the /proc/PID/mem test");
  console.warn("skipping the /proc/PID/mem test: needs Linux and gcc");
}

describe.skipIf(!runnable)("UserMemory over /proc/PID/mem", () => {
  let dir: string;
  let child: ChildProcessWithoutNullStreams;
  let mem: ProcessMemory;
  const addr = new Map<string, bigint>();
  let pagesize = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "probegen-umem-"));
    const exe = join(dir, "target");
    const cc = spawnSync("gcc", ["-O0", "-o", exe, source], { encoding: "utf8" });
    if (cc.status !== 0) throw new Error(`gcc failed: ${cc.stderr}`);
    child = spawn(exe, [], { stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    await new Promise<void>((resolve, reject) => {
      child.on("error", reject);
      child.on("exit", (code) => reject(new Error(`target exited early (${code}): ${out}`)));
      child.stdout.setEncoding("utf8");
      child.stdout.on("data", (chunk: string) => {
        out += chunk;
        if (out.includes("ready\n")) resolve();
      });
    });
    child.removeAllListeners("exit");
    for (const line of out.split("\n")) {
      const [name, value] = line.split(" ");
      if (name === "pagesize") pagesize = Number(value);
      else if (name && value) addr.set(name, BigInt(value));
    }
    mem = openProcessMemory(child.pid!);
  });

  afterAll(() => {
    mem?.close();
    child?.kill("SIGKILL");
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const at = (name: string): bigint => {
    const a = addr.get(name);
    if (a === undefined) throw new Error(`no address for ${name}`);
    return a;
  };

  it("reads the string and the integers at their addresses", () => {
    resetUserMemoryWarnings();
    expect(userString(mem, at("str"))).toBe("hello from C");
    expect(userString(mem, at("str"), 5)).toBe("hello");
    expect(userInt8(mem, at("i8"))).toBe(-5);
    expect(userUint8(mem, at("u8"))).toBe(250);
    expect(userInt16(mem, at("i16"))).toBe(-30000);
    expect(userUint16(mem, at("u16"))).toBe(65000);
    expect(userInt32(mem, at("i32"))).toBe(-123456789);
    expect(userUint32(mem, at("u32"))).toBe(4000000000);
    expect(userInt64(mem, at("i64"))).toBe(-1234567890123456789n);
    expect(userUint64(mem, at("u64"))).toBe(18000000000000000000n);
    // number addresses work too (user addresses are below 2^53)
    expect(userInt32(mem, Number(at("i32")))).toBe(-123456789);
    const dst = new Uint8Array(13);
    expect(copyFromUser(dst, mem, at("str"), 13)).toBe(0);
    expect(new TextDecoder().decode(dst)).toBe("hello from C\0");
    expect(userMemoryWarnings().count).toBe(0);
  });

  it("returns defined results at an unmapped address, without throwing, and counts warnings", () => {
    resetUserMemoryWarnings();
    const hole = at("unmapped");
    const dst = new Uint8Array(8).fill(0xaa);
    expect(copyFromUser(dst, mem, hole, 8)).toBe(-14);
    expect([...dst]).toEqual(new Array(8).fill(0xaa));

    expect(userString(mem, hole)).toBe("<unknown>");
    expect(userMemoryWarnings()).toEqual({ count: 1, last: `user string copy fault -14 at 0x${hole.toString(16)}` });
    expect(userString(mem, hole, 10, "fallback")).toBe("fallback");
    expect(userInt32(mem, hole)).toBe(0);
    expect(userUint64(mem, hole)).toBe(0n);
    expect(userMemoryWarnings()).toEqual({ count: 4, last: `user uint64 copy fault -14 at 0x${hole.toString(16)}` });

    const seen: string[] = [];
    expect(userInt16(mem, hole + 100n, (m) => seen.push(m))).toBe(0);
    expect(seen).toEqual([`user int16 copy fault -14 at 0x${(hole + 100n).toString(16)}`]);
    expect(userMemoryWarnings().count).toBe(4);
  });

  it("copies the mapped part of a read that crosses into the unmapped page", () => {
    const hole = at("unmapped");
    const page = at("page");
    expect(hole - page).toBe(BigInt(pagesize));
    const dst = new Uint8Array(40).fill(0xaa);
    // the 10 readable bytes: 4 of the pattern, then "abcdef"
    const pattern = Array.from({ length: 4 }, (_, i) => ((pagesize - 10 + i) * 7 + 3) & 0xff);
    const expected = [...pattern, ...new TextEncoder().encode("abcdef")];
    expect(copyFromUser(dst, mem, hole - 10n, 32)).toBe(22);
    expect([...dst.subarray(0, 10)]).toEqual(expected);
    expect([...dst.subarray(10)]).toEqual(new Array(30).fill(0xaa));

    // a long read starting pages before the hole gets all of the mapped page
    const big = new Uint8Array(3 * pagesize);
    expect(copyFromUser(big, mem, page, big.length)).toBe(2 * pagesize);
    expect(big[1]).toBe((1 * 7 + 3) & 0xff);
    expect(String.fromCharCode(...big.subarray(pagesize - 6, pagesize))).toBe("abcdef");

    // a value straddling the boundary faults as a whole
    resetUserMemoryWarnings();
    expect(userInt64(mem, hole - 4n)).toBe(0n);
    expect(userMemoryWarnings().count).toBe(1);
  });

  it("returns the fallback for a string that runs into the unmapped page before its NUL", () => {
    resetUserMemoryWarnings();
    const hole = at("unmapped");
    expect(userString(mem, hole - 6n)).toBe("<unknown>");
    expect(userMemoryWarnings().last).toBe(`user string copy fault -14 at 0x${(hole - 6n).toString(16)}`);
    // within the limit it is not a fault: the limit comes before the hole
    expect(userString(mem, hole - 6n, 6)).toBe("abcdef");
    expect(userString(mem, hole - 6n, 3)).toBe("abc");
    expect(userMemoryWarnings().count).toBe(1);
  });

  it("reads nothing after close", () => {
    const other = openProcessMemory(child.pid!);
    expect(userInt32(other, at("i32"))).toBe(-123456789);
    other.close();
    const dst = new Uint8Array(4);
    expect(copyFromUser(dst, other, at("i32"), 4)).toBe(-14);
  });
});

describe("openProcessMemory", () => {
  it("fails with a clear error on a platform other than Linux", () => {
    const desc = Object.getOwnPropertyDescriptor(process, "platform")!;
    Object.defineProperty(process, "platform", { ...desc, value: "darwin" });
    try {
      expect(() => openProcessMemory(process.pid)).toThrow(/needs Linux \/proc\/PID\/mem \(this platform is darwin\)/);
    } finally {
      Object.defineProperty(process, "platform", desc);
    }
  });

  it.skipIf(process.platform !== "linux")("throws when the process does not exist", () => {
    expect(() => openProcessMemory(2 ** 30)).toThrow(/ENOENT/);
  });
});
