import { defineArrays } from "probegen";

export default defineArrays({
  module: "files",
  arrays: { bytes: { keys: { pid: "long", file: "string" }, value: "long", maxEntries: 10_000, onFull: "lru" } },
});
