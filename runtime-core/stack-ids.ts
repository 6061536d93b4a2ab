/**
 * Stack capture and stack ids: the current JavaScript stack as structured frames, and interned
 * into a bounded table so that an array can be keyed by stack (`allocs[stackId()] += 1`, as
 * bpftrace's `@[ustack] = count()`).
 *
 * Guarantees:
 * - Capture uses V8's CallSite API (`Error.captureStackTrace` with a temporary
 *   `Error.prepareStackTrace`, both restored before returning, also on a throw), so it never
 *   formats a string and never runs a source-map-aware formatter installed by someone else.
 *   At most `maxFrames` frames (default 20, SystemTap's MAXBACKTRACE), innermost first,
 *   starting at the caller of the capturing function. Positions are raw V8 positions (1-based
 *   line and column); source mapping happens only when printing (see backtrace.ts).
 * - `StackTable.capture()` returns the same id for the same stack (same frames: file, line,
 *   column, and for frames without a file also the function name) and different ids for
 *   different stacks. Ids are 1 .. capacity, handed out in first-seen order. A new stack when
 *   the table is full gets id 0 (`<unknown>`, no frames) and is counted in `dropped`.
 *   The table never grows beyond `capacity` stacks (default 4096).
 * - The hit path allocates nothing of its own: it reads the call sites into a reused
 *   Int32Array, hashes numbers, and compares with the stored stacks. File names are interned
 *   in a Map keyed by the string V8 hands out (whose hash V8 caches). A frame's function name
 *   is implied by its position in a file, so it is read only on a miss or for frames without a
 *   file (builtins such as `Array.map`, eval code).
 * - `foldedLines` writes the format flame graph tools read (`root;caller;leaf count`, one line
 *   per distinct folded stack, counts of stacks folding to the same line summed, lines in
 *   first-seen order).
 */

/** One frame of a captured stack, with V8's raw (generated-code) position. */
export interface StackFrame {
  /** Function name; `<anonymous>` when V8 has none. */
  readonly functionName: string;
  /** File path or URL as V8 reports it (`file:///...` for ES modules); "" when there is none. */
  readonly fileName: string;
  /** 1-based; 0 when unknown. */
  readonly line: number;
  /** 1-based; 0 when unknown. */
  readonly column: number;
}

/** SystemTap's MAXBACKTRACE. */
export const DEFAULT_MAX_BACKTRACE = 20;
/** Default number of distinct stacks a stack table holds. */
export const DEFAULT_STACK_CAPACITY = 4096;
/** The id of every stack that did not fit in its table. */
export const UNKNOWN_STACK_ID = 0;
const UNKNOWN_NAME = "<unknown>";

type CallSite = NodeJS.CallSite;
type AnyFunction = (...args: never[]) => unknown;

const returnCallSites = (_error: Error, sites: CallSite[]): CallSite[] => sites;

/**
 * V8's call sites of the current stack, innermost first, starting below the topmost call of
 * `skipUntil` (which must be on the stack; otherwise V8 returns no frames).
 */
export function captureCallSites(maxFrames: number, skipUntil: AnyFunction): CallSite[] {
  const prevPrepare = Error.prepareStackTrace;
  const prevLimit = Error.stackTraceLimit;
  const holder: { stack?: unknown } = {};
  try {
    Error.prepareStackTrace = returnCallSites;
    Error.stackTraceLimit = maxFrames;
    Error.captureStackTrace(holder, skipUntil);
    const sites = holder.stack;
    return Array.isArray(sites) ? (sites as CallSite[]) : [];
  } finally {
    Error.prepareStackTrace = prevPrepare;
    Error.stackTraceLimit = prevLimit;
  }
}

/** The frame a call site describes. */
export function frameOf(site: CallSite): StackFrame {
  return {
    functionName: site.getFunctionName() || site.getMethodName() || "<anonymous>",
    fileName: site.getFileName() ?? "",
    line: site.getLineNumber() ?? 0,
    column: site.getColumnNumber() ?? 0,
  };
}

/** The current stack as frames, innermost first, starting at the caller of `captureBacktrace`. */
export function captureBacktrace(maxFrames: number = DEFAULT_MAX_BACKTRACE, skipUntil?: AnyFunction): StackFrame[] {
  return captureCallSites(maxFrames, skipUntil ?? captureBacktrace).map(frameOf);
}

export interface StackTableOptions {
  /** Most distinct stacks held (default 4096); more are id 0 and counted as dropped. */
  readonly capacity?: number;
  /** Frames kept per stack (default 20). */
  readonly maxFrames?: number;
}

export interface StackTableCounters {
  readonly size: number;
  readonly capacity: number;
  /** Captures of a new stack that found the table full (each returned id 0). */
  readonly dropped: number;
}

/** Words per frame in the packed form: file id, line, column, name id (0 when it has a file). */
const W = 4;

function mix(h: number, v: number): number {
  h = Math.imul(h ^ v, 0x5bd1e995);
  return h ^ (h >>> 15);
}

function sanitizeFoldedName(name: string): string {
  // `;` separates frames and a newline ends a line in the folded format.
  return /[;\n\r]/.test(name) ? name.replace(/;/g, ":").replace(/[\n\r]/g, " ") : name;
}

/** A bounded table of distinct stacks; see the module comment. */
export class StackTable {
  readonly capacity: number;
  readonly maxFrames: number;
  private readonly fileIds = new Map<string, number>();
  private readonly nameIds = new Map<string, number>();
  /** Packed frames per id (index 0 unused). */
  private readonly packed: Int32Array[] = [new Int32Array(0)];
  private readonly stacks: (readonly StackFrame[])[] = [Object.freeze([])];
  private readonly firstByHash = new Map<number, number>();
  /** Next id with the same hash, 0 at the end of the chain. */
  private readonly nextSameHash: Int32Array;
  private readonly scratch: Int32Array;
  private droppedCount = 0;

  constructor(opts: StackTableOptions = {}) {
    const capacity = opts.capacity ?? DEFAULT_STACK_CAPACITY;
    const maxFrames = opts.maxFrames ?? DEFAULT_MAX_BACKTRACE;
    if (!Number.isSafeInteger(capacity) || capacity < 1 || capacity > 2 ** 24) {
      throw new RangeError(`stack table capacity must be 1 .. 16777216, got ${capacity}`);
    }
    if (!Number.isSafeInteger(maxFrames) || maxFrames < 1 || maxFrames > 1000) {
      throw new RangeError(`maxFrames must be 1 .. 1000, got ${maxFrames}`);
    }
    this.capacity = capacity;
    this.maxFrames = maxFrames;
    this.nextSameHash = new Int32Array(capacity + 1);
    this.scratch = new Int32Array(maxFrames * W);
  }

  /** The id of the current stack, starting at the caller of `capture` (or below `skipUntil`). */
  capture(skipUntil?: AnyFunction): number {
    return this.intern(captureCallSites(this.maxFrames, skipUntil ?? this.capture));
  }

  /** The id of a stack given as V8 call sites (innermost first). */
  intern(sites: readonly CallSite[]): number {
    const n = Math.min(sites.length, this.maxFrames);
    const s = this.scratch;
    let h = n;
    let known = true;
    for (let i = 0; i < n; i++) {
      const site = sites[i]!;
      const file = site.getFileName();
      let fileId = 0;
      let nameId = 0;
      if (file) {
        fileId = this.fileIds.get(file) ?? -1;
      } else {
        nameId = this.nameIds.get(site.getFunctionName() || site.getMethodName() || "<anonymous>") ?? -1;
      }
      if (fileId < 0 || nameId < 0) {
        known = false;
        break;
      }
      const line = site.getLineNumber() ?? 0;
      const column = site.getColumnNumber() ?? 0;
      const o = i * W;
      s[o] = fileId;
      s[o + 1] = line;
      s[o + 2] = column;
      s[o + 3] = nameId;
      h = mix(mix(mix(mix(h, fileId), line), column), nameId);
    }
    if (known) {
      for (let id = this.firstByHash.get(h) ?? 0; id !== 0; id = this.nextSameHash[id]!) {
        if (this.samePacked(id, n)) return id;
      }
    }
    return this.add(sites, n);
  }

  private samePacked(id: number, n: number): boolean {
    const p = this.packed[id]!;
    if (p.length !== n * W) return false;
    const s = this.scratch;
    for (let i = 0; i < p.length; i++) if (p[i] !== s[i]) return false;
    return true;
  }

  /** Miss path: a stack not seen before (allocates). */
  private add(sites: readonly CallSite[], n: number): number {
    if (this.stacks.length > this.capacity) {
      this.droppedCount++;
      return UNKNOWN_STACK_ID;
    }
    const frames = sites.slice(0, n).map(frameOf);
    const p = new Int32Array(n * W);
    let h = n;
    for (let i = 0; i < n; i++) {
      const f = frames[i]!;
      const fileId = f.fileName ? this.idFor(this.fileIds, f.fileName) : 0;
      const nameId = f.fileName ? 0 : this.idFor(this.nameIds, f.functionName);
      const o = i * W;
      p[o] = fileId;
      p[o + 1] = f.line;
      p[o + 2] = f.column;
      p[o + 3] = nameId;
      h = mix(mix(mix(mix(h, fileId), f.line), f.column), nameId);
    }
    const id = this.stacks.length;
    this.stacks.push(Object.freeze(frames));
    this.packed.push(p);
    this.nextSameHash[id] = this.firstByHash.get(h) ?? 0;
    this.firstByHash.set(h, id);
    return id;
  }

  private idFor(map: Map<string, number>, key: string): number {
    let id = map.get(key);
    if (id === undefined) {
      id = map.size + 1;
      map.set(key, id);
    }
    return id;
  }

  /** The frames of a stack id, innermost first; none for id 0 or an id never handed out. */
  frames(id: number): readonly StackFrame[] {
    return this.stacks[id] ?? this.stacks[0]!;
  }

  /** Folded lines (`root;...;leaf count\n`) for `[stack id, count]` pairs; see the module comment. */
  folded(entries: Iterable<readonly [number, number | bigint]>): string {
    const sums = new Map<string, number | bigint>();
    for (const [id, count] of entries) {
      const frames = this.frames(id);
      let line = "";
      for (let i = frames.length - 1; i >= 0; i--) {
        line += (line === "" ? "" : ";") + sanitizeFoldedName(frames[i]!.functionName);
      }
      if (line === "") line = UNKNOWN_NAME;
      const prev = sums.get(line);
      sums.set(line, prev === undefined ? count : addCounts(prev, count));
    }
    let out = "";
    for (const [line, count] of sums) out += `${line} ${count}\n`;
    return out;
  }

  counters(): StackTableCounters {
    return { size: this.stacks.length - 1, capacity: this.capacity, dropped: this.droppedCount };
  }
}

function addCounts(a: number | bigint, b: number | bigint): number | bigint {
  if (typeof a === "number" && typeof b === "number" && Number.isSafeInteger(a + b)) return a + b;
  return BigInt(a) + BigInt(b);
}

let defaultTable = new StackTable();

/** The table `stackId`, `stackFrames` and `foldedLines` use. */
export function defaultStackTable(): StackTable {
  return defaultTable;
}

/** Replaces the default table by an empty one with these options (ids from the old one are void). */
export function configureStackIds(opts: StackTableOptions): StackTable {
  defaultTable = new StackTable(opts);
  return defaultTable;
}

/**
 * The id of the caller's stack in the default table (0 when the table is full). Costs about as
 * much as `new Error().stack` (tens of µs, V8's stack walk; BENCHMARKS.md note 8): key a
 * sampled probe by it, not every event.
 */
export function stackId(): number {
  return defaultTable.capture(stackId);
}

/** The frames of a stack id of the default table. */
export function stackFrames(id: number): readonly StackFrame[] {
  return defaultTable.frames(id);
}

/** Folded lines of the default table; see `StackTable.folded`. */
export function foldedLines(entries: Iterable<readonly [number, number | bigint]>): string {
  return defaultTable.folded(entries);
}
