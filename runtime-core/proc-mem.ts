/**
 * Reading another process's memory through `/proc/PID/mem` (Linux only).
 *
 * Guarantees:
 * - `openProcessMemory(pid)` opens the file once (throws a clear Error on a platform other than
 *   Linux, or when the kernel refuses: no such process, no ptrace permission — with Yama's
 *   `ptrace_scope` = 1 only descendants of this process are readable).
 * - `read` never throws: it copies the readable prefix of the range (what the kernel lets
 *   `/proc/PID/mem` read, which includes PROT_NONE pages but never unmapped ones) and returns its
 *   length, writing no byte of `dst` beyond it. A read that fails as a whole (EIO) is retried up
 *   to the end of its first 4 KiB page, so a fault in a later page never hides a readable start.
 * - After `close()` (or when the process is gone) every read returns 0.
 */
import { closeSync, openSync, readSync } from "node:fs";
import type { Address, UserMemory } from "./user-memory.js";

/** A `UserMemory` over another process; close it when done. */
export interface ProcessMemory extends UserMemory {
  readonly pid: number;
  close(): void;
}

/** Alignment of the retry after a failed read; every Linux page size is a multiple of it. */
const CHUNK = 4096;
const ADDRESS_END = 2n ** 63n; // Node accepts file positions up to int64

export function openProcessMemory(pid: number): ProcessMemory {
  if (process.platform !== "linux") {
    throw new Error(`reading another process's memory needs Linux /proc/PID/mem (this platform is ${process.platform})`);
  }
  if (!Number.isSafeInteger(pid) || pid <= 0) throw new RangeError(`invalid pid ${pid}`);
  let fd: number | null = openSync(`/proc/${pid}/mem`, "r");

  function attempt(pos: bigint, dst: Uint8Array, at: number, len: number): number {
    if (fd === null) return 0;
    try {
      return readSync(fd, dst, at, len, pos <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(pos) : pos);
    } catch {
      return -1;
    }
  }

  return {
    pid,
    read(addr: Address, dst: Uint8Array): number {
      const start = BigInt(addr);
      const room = ADDRESS_END - start;
      const len = room < BigInt(dst.length) ? Number(room) : dst.length;
      let done = 0;
      while (done < len) {
        const pos = start + BigInt(done);
        const want = len - done;
        let n = attempt(pos, dst, done, want);
        if (n < 0) {
          const toChunkEnd = CHUNK - Number(pos % BigInt(CHUNK));
          n = toChunkEnd < want ? attempt(pos, dst, done, toChunkEnd) : 0;
        }
        if (n <= 0) break;
        done += n;
      }
      return done;
    },
    close(): void {
      if (fd !== null) closeSync(fd);
      fd = null;
    },
  };
}
