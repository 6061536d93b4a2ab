import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FileTransport } from "../../runtime-core/io/file.js";
import { transpileRuntime } from "./transpile.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "probegen-file-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const read = (p: string) => (existsSync(p) ? readFileSync(p, "utf8") : null);

describe("file transport", () => {
  it("appends to an existing file, snapshots as lines", async () => {
    const path = join(dir, "out.log");
    writeFileSync(path, "before\n");
    const t = new FileTransport({ path });
    t.send(Buffer.from("a\n"), "print");
    t.send(Buffer.from("{}"), "snapshot");
    t.writeReportSync("WARNING: report\n");
    await t.close();
    expect(read(path)).toBe("before\na\n{}\nWARNING: report\n");
    expect(t.failures).toBe(0);
  });

  it("rotates by size, keeping maxFiles older files, never splitting a record", async () => {
    const path = join(dir, "out.log");
    const t = new FileTransport({ path, maxBytes: 10, maxFiles: 3 });
    const records = ["0000\n", "1111\n", "aaaa\n", "bbbb\n", "cccc\n", "dddd\n", "eeeeeeeeeeeeeee\n", "ff\n", "gg\n"];
    for (const r of records) t.send(Buffer.from(r), "print");
    await t.close();
    expect(read(path)).toBe("ff\ngg\n");
    expect(read(`${path}.1`)).toBe("eeeeeeeeeeeeeee\n");
    expect(read(`${path}.2`)).toBe("cccc\ndddd\n");
    expect(read(`${path}.3`)).toBe("aaaa\nbbbb\n");
    expect(read(`${path}.4`)).toBeNull();
  });

  it("with maxFiles 0 discards the full file", async () => {
    const path = join(dir, "out.log");
    const t = new FileTransport({ path, maxBytes: 6, maxFiles: 0 });
    for (const r of ["111\n", "222\n", "333\n"]) t.send(Buffer.from(r), "print");
    await t.close();
    expect(read(path)).toBe("333\n");
    expect(read(`${path}.1`)).toBeNull();
  });

  it("counts write failures instead of throwing", async () => {
    const t = new FileTransport({ path: "/dev/full" });
    expect(() => t.send(Buffer.from("x\n"), "print")).not.toThrow();
    t.writeReportSync("y\n");
    expect(t.failures).toBe(2);
    await t.close();
  });

  it("refuses to start on a path it cannot open, and on bad limits", () => {
    expect(() => new FileTransport({ path: join(dir, "no", "such", "dir") })).toThrow(/ENOENT/);
    expect(() => new FileTransport({ path: join(dir, "x"), maxBytes: -1 })).toThrow(/maxBytes/);
  });
});

// The record a writer writes for number i: varying lengths so rotation points move around.
function line(i: number): string {
  const len = 20 + ((i * 7919) % 180);
  let body = "";
  for (let k = 0; body.length < len; k++) body += String.fromCharCode(97 + ((i + k) % 26));
  return `${i}:${body}:${i}\n`;
}

const CHILD = `
import { writeSync } from "node:fs";
import { FileTransport } from "./runtime-core/io/file.js";
${line.toString()}
const [path, maxBytes, maxFiles] = process.argv.slice(2);
const t = new FileTransport({ path, maxBytes: Number(maxBytes), maxFiles: Number(maxFiles) });
for (let i = 1; ; i++) {
  t.send(Buffer.from(line(i)), "print");
  writeSync(1, i + "\\n"); // acknowledged: its send has returned
}
`;

describe("file transport killed during rotation", () => {
  it("keeps every acknowledged record readable and none corrupted (SIGKILL at random moments)", async () => {
    transpileRuntime(["runtime-core/io/file.ts"], dir);
    writeFileSync(join(dir, "child.mjs"), CHILD);
    const MAX_BYTES = 1024;
    const MAX_FILES = 6;
    for (let round = 0; round < 4; round++) {
      const path = join(dir, `out${round}.log`);
      const killAfter = 200 + Math.floor(Math.random() * 2500);
      const child = spawn(process.execPath, [join(dir, "child.mjs"), path, String(MAX_BYTES), String(MAX_FILES)], {
        stdio: ["ignore", "pipe", "pipe"],
      });
      let acks = "";
      let stderr = "";
      child.stderr.on("data", (d) => (stderr += d));
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("close", (_code, signal) => resolve(signal)));
      child.stdout.on("data", (d: Buffer) => {
        acks += d.toString();
        if (child.exitCode === null && !child.killed && acks.split("\n").length > killAfter) child.kill("SIGKILL");
      });
      expect(await exited, stderr).toBe("SIGKILL");
      const acked = acks.split("\n").slice(0, -1).map(Number);
      const lastAcked = acked.at(-1) ?? 0;
      expect(lastAcked).toBeGreaterThanOrEqual(killAfter - 1);

      // Oldest file first; a kill between two renames may leave a hole in the numbering.
      const files = [...Array.from({ length: MAX_FILES }, (_, k) => `${path}.${MAX_FILES - k}`), path].filter(existsSync);
      expect(files.length).toBeGreaterThan(1);
      const text = files.map((f) => readFileSync(f, "utf8")).join("");
      const pieces = text.split("\n");
      const tail = pieces.pop() ?? "";
      const numbers: number[] = [];
      for (const piece of pieces) {
        const n = Number(piece.slice(0, piece.indexOf(":")));
        expect(`${piece}\n`, `corrupted record in ${path}`).toBe(line(n));
        numbers.push(n);
      }
      const first = numbers[0] ?? 1;
      const last = numbers.at(-1) ?? 0;
      // Contiguous: nothing missing in between, nothing twice.
      expect(numbers).toEqual(Array.from({ length: last - first + 1 }, (_, k) => first + k));
      // Every acknowledged record is there unless rotation discarded it by design (beyond maxFiles).
      expect(last).toBeGreaterThanOrEqual(lastAcked);
      if (first > 1) {
        expect(existsSync(`${path}.${MAX_FILES}`)).toBe(true);
        // All rotated files kept; a kill between two renames leaves at most one slot empty.
        expect(files.length).toBeGreaterThanOrEqual(MAX_FILES);
      }
      // Only a record whose write never returned may be torn, at the very end.
      if (tail !== "") {
        expect(line(last + 1).startsWith(tail)).toBe(true);
        expect(last + 1).toBeGreaterThan(lastAcked);
      }
      for (const f of files.slice(0, -1)) expect(statSync(f).size).toBeLessThanOrEqual(MAX_BYTES);
    }
  }, 60_000);
});
