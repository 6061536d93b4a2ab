// External tools some io tests need (promtool, prometheus from the Debian package
// `prometheus`). Under CI (CI=true) a missing tool fails the test; locally it skips with a note.
import { execFileSync } from "node:child_process";

export function findTool(name: string): string | null {
  try {
    const path = execFileSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).trim();
    return path === "" ? null : path;
  } catch {
    return null;
  }
}

/** The tool's path; throws under CI when missing; null (with a note) otherwise. */
export function requireTool(name: string): string | null {
  const path = findTool(name);
  if (path !== null) return path;
  const hint = `'${name}' not found: install the Debian package 'prometheus' (apt-get install -y prometheus)`;
  if (process.env.CI === "true") throw new Error(`${hint}; CI must have it`);
  console.warn(`skipping: ${hint}`);
  return null;
}
