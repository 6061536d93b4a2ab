// The gc-pauses example end to end: perf entries feed generated stats arrays, and the end
// handler prints their histograms through the module's output.
import { performance } from "node:perf_hooks";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { expect, test, vi } from "vitest";
import { gcPausesProbe } from "../../examples/gc-pauses/probe.js";

test("records each forced major collection and each timerified call", async () => {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  let printed = "";
  const probe = gcPausesProbe([{ kind: "console", stdout: { write: (b: Uint8Array) => ((printed += Buffer.from(b).toString()), true), writableLength: 0 } }]);
  await probe.start();
  const work = performance.timerify(function parseRequest(n: number) {
    let s = 0;
    for (let i = 0; i < n; i++) s += i;
    return s;
  });
  for (let i = 0; i < 3; i++) gc();
  for (let i = 0; i < 5; i++) work(10_000);
  const { pauses, calls } = probe.arrays;
  await vi.waitFor(() => {
    expect(pauses.count("major")).toBeGreaterThanOrEqual(3);
    expect(calls.count("parseRequest")).toBe(5);
  });
  await probe.stop();
  expect(printed).toContain("gc major pauses (us):");
  expect(printed).toMatch(/value \|-{50} count\n/);
  expect(printed).toMatch(/^parseRequest: 5 calls, avg \d+ us, max \d+ us$/m);
});
