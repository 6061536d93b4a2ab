import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Generated modules import the runtime through the package name; in tests that name points at
// the TypeScript sources so a test never depends on a stale build.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^probegen\/runtime$/, replacement: fileURLToPath(new URL("./runtime-core/index.ts", import.meta.url)) },
      { find: /^probegen$/, replacement: fileURLToPath(new URL("./runtime-core/define.ts", import.meta.url)) },
    ],
  },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
